import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { KeyObject, webcrypto } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };

export interface ServerCertificate {
  /** PEM, also the trust anchor a client needs (it is self-signed). */
  certificatePem: string;
  /** The environment that makes the app serve HTTPS with it: TLS_CERT_FILE, TLS_KEY_FILE and TLS_KEY_PASSPHRASE. */
  env: { TLS_CERT_FILE: string; TLS_KEY_FILE: string; TLS_KEY_PASSPHRASE: string };
}

/**
 * A self-signed server certificate for 127.0.0.1 and localhost, made in the test, with its key encrypted under a
 * passphrase (so TLS_KEY_PASSPHRASE is exercised), written to a temporary directory.
 */
export async function makeServerCertificate(): Promise<ServerCertificate> {
  const keys = (await webcrypto.subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = Date.now();
  const certificate = await x509.X509CertificateGenerator.createSelfSigned(
    {
      name: 'CN=byoc-bridge e2e server',
      notBefore: new Date(now - 60_000),
      notAfter: new Date(now + 86_400_000),
      keys,
      signingAlgorithm: KEY_ALGORITHM,
      extensions: [
        new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature),
      ],
    },
    webcrypto,
  );
  const passphrase = 'server-key-passphrase-e2e';
  const keyPem = KeyObject.from(keys.privateKey).export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase }) as string;
  const dir = mkdtempSync(join(tmpdir(), 'bb-tls-'));
  const certificatePem = certificate.toString('pem');
  writeFileSync(join(dir, 'server.crt'), certificatePem);
  writeFileSync(join(dir, 'server.key'), keyPem, { mode: 0o600 });
  return { certificatePem, env: { TLS_CERT_FILE: join(dir, 'server.crt'), TLS_KEY_FILE: join(dir, 'server.key'), TLS_KEY_PASSPHRASE: passphrase } };
}

export interface ClientCredentials {
  certificatePem: string;
  privateKeyPem: string;
  password?: string;
}

export interface HttpsCall {
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON; a string is sent as it is (a signed webhook's exact bytes). */
  body?: unknown;
  /** The server certificate to trust. */
  ca: string;
  client?: ClientCredentials;
  /** Connect from this local address (a "proxy" on 127.0.0.2). */
  localAddress?: string;
}

/**
 * One request with Node's own https client over a fresh connection (no keep-alive agent, so each call makes its own
 * handshake with its own client certificate, or none). The body is sent as JSON.
 */
export function httpsJson(url: string, call: HttpsCall): Promise<{ status: number; body: Record<string, unknown> }> {
  const payload = call.body === undefined ? undefined : typeof call.body === 'string' ? call.body : JSON.stringify(call.body);
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: call.method ?? (payload === undefined ? 'GET' : 'POST'),
        agent: false,
        ca: call.ca,
        ...(call.client ? { cert: call.client.certificatePem, key: call.client.privateKeyPem, passphrase: call.client.password } : {}),
        ...(call.localAddress ? { localAddress: call.localAddress } : {}),
        headers: { ...(payload === undefined ? {} : { 'content-type': 'application/json' }), ...call.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: Record<string, unknown> = {};
          try {
            body = text ? (JSON.parse(text) as Record<string, unknown>) : {};
          } catch {
            body = { text };
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}
