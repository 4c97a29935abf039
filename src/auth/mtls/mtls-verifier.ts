import { Inject, Injectable, Logger } from '@nestjs/common';
import { X509Certificate } from 'node:crypto';
import type { Counter } from 'prom-client';
import { ChannelDirectory } from '../../channel-registry/channel-directory.service';
import { Clock } from '../../core/clock/clock';
import { AppConfig } from '../../core/config/app-config';
import { APP_CONFIG } from '../../core/config/config.module';
import { ChainVerdict, verifyClientChain } from '../../core/crypto/x509/client-chain';
import { fingerprintSha256, subjectLine } from '../../core/crypto/x509/pem';
import { MetricsService } from '../../core/metrics/metrics.service';
import { CertificateEvidence } from './certificate-evidence';
import { CertificateSources, presentedChain } from './presented-chain';

/** The integration a call was made for: known by `client_id` on the token endpoint, by the token on the Integration Box. */
export interface MtlsSubject {
  brandId: string;
  integrationId: string;
}

/** One warning per integration and result this often, however many calls fail: in `report` mode they all do. */
const LOG_INTERVAL_MS = 60_000;
const PARSED_CACHE_LIMIT = 1000;

/**
 * Checks CXone's client certificate on the token endpoint and the Integration Box against the integration's mode
 * (architecture.md §9.4): `off` lets everything through unchecked; `report` checks, counts and logs, and lets the
 * call through (the mode to be in while CXone switches mTLS on); `enforce` refuses a call whose certificate does not
 * chain to one of the integration's trusted CAs within its validity.
 */
@Injectable()
export class MtlsVerifier {
  private readonly logger = new Logger(MtlsVerifier.name);
  private readonly verifications: Counter<'integration' | 'result'>;
  private readonly sources: CertificateSources;
  /** Parsed trusted certificates by fingerprint: a certificate never changes, so an entry never goes stale. */
  private readonly parsed = new Map<string, X509Certificate>();
  private readonly lastLogged = new Map<string, { at: number; suppressed: number }>();

  constructor(
    private readonly directory: ChannelDirectory,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) config: AppConfig,
    metrics: MetricsService,
  ) {
    this.verifications = metrics.counter('mtls_verifications_total', 'Client certificate checks on CXone\'s calls, by integration and result', ['integration', 'result']);
    this.sources = { header: config.mtls.clientCertHeader, trustedProxies: config.network.trustedProxies };
  }

  /** Whether the call may go on. A missing integration is let through: the caller's own check refuses it. */
  async admit(subject: MtlsSubject, evidence: CertificateEvidence): Promise<boolean> {
    const policy = await this.directory.mtlsPolicy(subject.brandId, subject.integrationId);
    if (!policy || policy.mode === 'off') return true;
    const presented = presentedChain(evidence, this.sources);
    const trusted = policy.trusted.map((ca) => this.certificate(ca.fingerprintSha256, ca.certificatePem));
    const result = verifyClientChain(presented.chain, trusted, this.clock.now());
    this.verifications.inc({ integration: subject.integrationId, result });
    if (result !== 'valid') this.report(subject, policy.mode, result, presented.source, presented.chain[0]);
    return result === 'valid' || policy.mode === 'report';
  }

  private report(subject: MtlsSubject, mode: 'report' | 'enforce', result: ChainVerdict, source: 'tls' | 'proxy', leaf: Buffer | undefined): void {
    const key = `${subject.integrationId}:${result}`;
    const now = this.clock.now().getTime();
    const last = this.lastLogged.get(key);
    if (last && now - last.at < LOG_INTERVAL_MS) {
      last.suppressed += 1;
      return;
    }
    this.lastLogged.set(key, { at: now, suppressed: 0 });
    const message = mode === 'enforce' ? 'Call refused: no acceptable client certificate (mTLS enforce)' : 'Call let through without an acceptable client certificate (mTLS report)';
    this.logger.warn({ ...subject, mode, result, source, ...describe(leaf), similarSinceLastLog: last?.suppressed ?? 0 }, message);
  }

  private certificate(fingerprint: string, pem: string): X509Certificate {
    let certificate = this.parsed.get(fingerprint);
    if (!certificate) {
      if (this.parsed.size >= PARSED_CACHE_LIMIT) this.parsed.clear();
      certificate = new X509Certificate(pem);
      this.parsed.set(fingerprint, certificate);
    }
    return certificate;
  }
}

/** Who the presented certificate says it is, so an operator can tell CXone's old certificate from a stranger's. */
function describe(leaf: Buffer | undefined): Record<string, string> {
  if (!leaf) return {};
  try {
    const certificate = new X509Certificate(leaf);
    return { presentedSubject: subjectLine(certificate), presentedIssuer: certificate.issuer.split('\n').join(', '), presentedFingerprint: fingerprintSha256(certificate) };
  } catch {
    return {};
  }
}
