import { randomUUID } from 'node:crypto';
import { Browser, Page } from 'playwright-core';
import { launchChromium, screenshotsOnFailure } from './support/browser';
import { EmulatorClient } from './support/emulator';
import { EmulatorWithBox } from './support/emulator-box';
import { FakeIntegrationBox } from './support/fake-integration-box';
import { waitFor } from './support/wait';

/** The agent console in a real browser: it shows a case created through the DFO API, and a reply reaches the box. */
describe('sandbox agent console (Chromium)', () => {
  let world: EmulatorWithBox;
  let dfo: EmulatorClient;
  let box: FakeIntegrationBox;
  let browser: Browser;
  let page: Page;
  let channelId: string;

  beforeAll(async () => {
    world = await EmulatorWithBox.start();
    ({ dfo, box } = world);
    ({ channelId } = await world.channel());
    browser = await launchChromium();
  });
  beforeEach(async () => {
    page = await browser.newPage();
  });
  afterEach(async () => {
    await page.close();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  const scenario = (name: string, run: () => Promise<void>) => screenshotsOnFailure(`agent-console-${name}`, () => [page], run);

  async function createCase(firstName: string, text: string): Promise<string> {
    const { threadId } = await world.endUserWrites(channelId, text, { idOnExternalPlatform: `${firstName.toLowerCase()}-${randomUUID()}`, firstName, lastName: 'Lion' });
    return threadId;
  }

  it('shows a new case, replies, types and closes it', () =>
    scenario('reply', async () => {
      await page.goto(world.emulator.consoleUrl);
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
      await page.goto(world.emulator.consoleUrl);
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
