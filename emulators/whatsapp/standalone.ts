import { startWhatsappEmulator } from './server';

/**
 * `PORT=4020 npm run sandbox:whatsapp`: the WhatsApp Cloud API emulator as a process. Register a phone number with
 * `POST /_emulator/phone-numbers`, point a whatsapp channel's `graphApiBaseUrl` at `<url>/v21.0`.
 */
async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? '4020');
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${process.env.PORT}"`);
  const emulator = await startWhatsappEmulator({ port, host: process.env.HOST ?? '127.0.0.1' });
  process.stdout.write(`WhatsApp Cloud API emulator on ${emulator.url} (Graph API ${emulator.graphApiBaseUrl}, test API ${emulator.testApiUrl})\n`);
  const stop = () => void emulator.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
