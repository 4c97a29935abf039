import { IntegrationMtlsService } from '../channel-registry/mtls/integration-mtls.service';
import type { DemoSeedContext } from './demo-seed';
import { EmulatorStore } from '../../emulators/dfo/store/emulator.store';
import { EmulatorAdminService } from '../../emulators/dfo/test-api/emulator-admin.service';

export interface DemoMtlsDeps {
  mtls: IntegrationMtlsService;
  emulator: EmulatorAdminService;
  store: EmulatorStore;
}

/**
 * With TLS (TLS_CERT_FILE...), the demo runs mTLS end to end as a CXone admin would set it up: credentials issued
 * for the demo integration, pasted into the emulator's BYOC form, and `enforce`. Without TLS no certificate can be
 * presented, so the demo integration's mTLS is off. Safe on every start: credentials are issued again only when the
 * emulator no longer holds them (its state is in memory unless the embedded default persists it), and then they
 * replace the demo's trusted CAs instead of piling up.
 */
export async function seedDemoMtls(deps: DemoMtlsDeps, context: DemoSeedContext, tls: boolean, log: (line: string) => void): Promise<void> {
  const { principal, integration, channelIntegrationId } = context;
  if (!tls) {
    if (integration.mtls.mode !== 'off') {
      await deps.mtls.configure(principal, integration.id, { mode: 'off' });
      log('Sandbox demo: mTLS switched off for the demo integration (this start has no TLS_CERT_FILE)');
    }
    return;
  }
  if (deps.store.integration(channelIntegrationId)?.clientCertificate && integration.mtls.mode === 'enforce') return;
  await deps.mtls.configure(principal, integration.id, { mode: 'report', trustedCaPems: [] });
  const issued = await deps.mtls.issueCredentials(principal, integration.id, { validDays: 365 });
  deps.emulator.patchIntegration(channelIntegrationId, {
    clientCertificate: {
      certificatePem: issued.clientCertificatePem,
      privateKeyPem: issued.privateKeyPem,
      privateKeyPassword: issued.privateKeyPassword,
      caCertificatePem: issued.caCertificatePem,
    },
  });
  await deps.mtls.configure(principal, integration.id, { mode: 'enforce' });
  log(`Sandbox demo: mTLS enforced for the demo integration; the emulator presents the client certificate issued for it (CA ${issued.fingerprintSha256.slice(0, 16)}…, until ${issued.notAfter.toISOString().slice(0, 10)})`);
}
