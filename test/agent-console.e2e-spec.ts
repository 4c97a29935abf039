import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Browser, chromium, Page } from 'playwright-core';
import { StandaloneEmulator, startStandaloneEmulator } from '../emulators/dfo/standalone';
import { EmulatorClient } from './support/emulator';
import { FakeIntegrationBox, startFakeIntegrationBox } from './support/fake-integration-box';
import { waitFor } from './support/wait';

const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

/** The agent console in a real browser: it shows a case created through the DFO API, and a reply reaches the box. */
describe('sandbox agent console (Chromium)', () => {
  let emulator: StandaloneEmulator;
  let dfo: EmulatorClient;
  let box: FakeIntegrationBox;
  let browser: Browser;
  let page: Page;
  let channelId: string;

  beforeAll(async () => {
    emulator = await startStandaloneEmulator({ port: 0 });
    dfo = new EmulatorClient(emulator.url);
    box = await startFakeIntegrationBox();
    const integrationId = randomUUID();
    await dfo.registerIntegration(integrationId, { integrationBoxUrl: box.integrationBoxUrl, authorizationUrl: box.authorizationUrl, clientId: box.clientId, clientSecret: box.clientSecret, replyApi: '2.0' });
    channelId = `chat_${randomUUID()}`;
    await dfo.createChannel(await dfo.token(), { id: channelId, channelIntegrationId: integrationId, name: 'Watering Hole live chat' });
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await emulator?.close();
    await box?.close();
  });

  /** Runs a browser scenario; on failure a screenshot goes to test-results/ before the error is rethrown. */
  async function scenario(name: string, run: () => Promise<void>): Promise<void> {
    try {
      await run();
    } catch (err) {
      mkdirSync('test-results', { recursive: true });
      await page.screenshot({ path: `test-results/agent-console-${name}.png`, fullPage: true }).catch(() => undefined);
      throw err;
    }
  }

  async function createCase(firstName: string, text: string): Promise<string> {
    const threadId = `t-${randomUUID()}`;
    const res = await dfo.dfo('POST', `/channels/${channelId}/messages`, await dfo.token(), {
      idOnExternalPlatform: `m-${randomUUID()}`, thread: { idOnExternalPlatform: threadId }, direction: 'inbound',
      createdAtWithMilliseconds: new Date().toISOString(), messageContent: { type: 'TEXT', payload: { text } },
      authorEndUserIdentity: { idOnExternalPlatform: `${firstName.toLowerCase()}-${randomUUID()}`, firstName, lastName: 'Lion' },
    });
    expect(res.status).toBe(200);
    return threadId;
  }

  it('shows a new case, replies, types and closes it', () =>
    scenario('reply', async () => {
      await page.goto(emulator.consoleUrl);
      const threadId = await createCase('Simba', 'Hello from the savanna');

      const caseButton = page.getByRole('button', { name: /Simba Lion/ });
      await caseButton.waitFor({ timeout: 10_000 });
      await caseButton.click();
      await page.getByRole('list', { name: 'Messages' }).getByText('Hello from the savanna').waitFor();

      const seen = box.requests.length;
      await page.getByLabel('Reply', { exact: true }).fill('Hi Simba, your order ships today.');
      await page.getByRole('button', { name: 'Send reply' }).click();
      await page.getByRole('status').getByText(/Reply delivered to the middleware \(id fake-msg-\d+\)/).waitFor();
      const outbound = box.requests.slice(seen).filter((r) => r.path.endsWith('/outbound'));
      expect(outbound.at(-1)!.body).toMatchObject({ thread: { idOnExternalPlatform: threadId }, messageContent: { payload: { text: 'Hi Simba, your order ships today.' } } });
      await page.getByRole('list', { name: 'Messages' }).getByText(/id on platform: fake-msg-/).waitFor();

      await page.getByRole('checkbox', { name: 'Agent is typing' }).check();
      await waitFor(async () => box.requests.find((r, i) => i >= seen && r.path.endsWith('/sender-action')), 'a sender action at the box');

      await page.getByRole('button', { name: 'Close case' }).click();
      await page.getByRole('status').getByText(/is now closed/).waitFor();
      expect((await dfo.findCaseByThread(threadId))?.status).toBe('closed');
    }));

  it('starts an outbound conversation from the form', () =>
    scenario('outbound', async () => {
      await page.goto(emulator.consoleUrl);
      await page.getByText('Start an outbound conversation').click();
      await page.getByLabel('Channel').selectOption(channelId);
      await page.getByLabel('Recipient id').fill('rafiki');
      await page.getByLabel('Recipient name').fill('Rafiki');
      await page.getByLabel('Outbound message').fill('Asante sana!');
      await page.getByRole('button', { name: 'Start conversation' }).click();
      await page.getByRole('status').getByText(/Outbound conversation started/).waitFor();
      const sent = box.requests.at(-1)!.body as { endUserRecipients: Array<{ idOnExternalPlatform: string }>; messageContent: { payload: { text: string } } };
      expect(sent.endUserRecipients[0]!.idOnExternalPlatform).toBe('rafiki');
      expect(sent.messageContent.payload.text).toBe('Asante sana!');
      await page.getByRole('heading', { name: /Rafiki/ }).waitFor();
    }));
});
