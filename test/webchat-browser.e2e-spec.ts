import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { ChannelsService } from '../src/channel-registry/channels.service';
import { DEMO_WEBCHAT } from '../src/sandbox/demo-webchat';
import { Channel } from './support/admin-api';
import { launchChromium, screenshotsOnFailure } from './support/browser';
import { CaseView } from './support/emulator';
import { EmulatorWorld, FAST_LIFECYCLE } from './support/emulator-world';
import { runOutCountdown, runOutIdleTimeout } from './support/lifecycle-deadlines';
import { outboxSettled } from './support/outbox-rows';
import { waitFor } from './support/wait';

/** The one browser global this spec calls (the test project's types have no DOM). */
type BrowserWindow = { getComputedStyle(element: unknown): { position: string } };
const ADMIN = { keyId: null, role: 'admin' as const, brandIds: null };

/**
 * The web chat as people use it, in Chromium: a customer on the demo page, an agent on the sandbox console, and the
 * whole chain between them (widget → web chat API → inbound pipeline → outbox → DFO emulator → Integration Box →
 * adapter → Server-Sent Events → widget).
 */
describe('web chat in a browser (Chromium)', () => {
  let world: EmulatorWorld;
  let browser: Browser;
  const pages: Page[] = [];

  beforeAll(async () => {
    world = await EmulatorWorld.startSandbox(FAST_LIFECYCLE);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await world?.close();
  });

  /** Runs a story; on failure every page it opened is saved to test-results/ before the error is rethrown. */
  const story = (name: string, body: () => Promise<void>) => screenshotsOnFailure(`webchat-${name}`, () => pages, body);

  async function newPage(context?: BrowserContext): Promise<Page> {
    const page = await (context ?? (await browser.newContext())).newPage();
    pages.push(page);
    return page;
  }

  /** A customer on the channel's demo page with the chat window open. */
  async function customer(channel: Channel, page?: Page): Promise<Page> {
    const p = page ?? (await newPage());
    await p.goto(`${world.t.url}/webchat/demo/${channel.dfoChannelId}`);
    await p.getByRole('button', { name: 'Chat with us' }).click();
    await expectEnabled(p.getByLabel('Your message'));
    return p;
  }

  async function say(page: Page, text: string): Promise<void> {
    await page.getByLabel('Your message').fill(text);
    await page.getByLabel('Your message').press('Enter');
    await log(page).getByText(text).waitFor();
  }

  const log = (page: Page): Locator => page.getByRole('log', { name: 'Conversation' });

  /** The conversation id of the customer's session, from the token the widget keeps in localStorage. */
  async function conversationOf(page: Page, channel: Channel): Promise<string> {
    const token = (await page.evaluate(`localStorage.getItem(${JSON.stringify(`byoc-webchat:${channel.dfoChannelId}`)})`)) as string | null;
    return JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString()).threadId as string;
  }

  async function caseOf(page: Page, channel: Channel): Promise<CaseView> {
    return world.dfo.waitForCase(await conversationOf(page, channel), channel.dfoChannelId);
  }

  async function expectEnabled(locator: Locator, enabled = true): Promise<void> {
    await locator.waitFor();
    await waitFor(async () => ((await locator.isEnabled()) === enabled ? true : undefined), `the input to be ${enabled ? 'enabled' : 'disabled'}`, 15000);
  }

  describe('a conversation on the demo channel', () => {
    let channel: Channel;
    let shopper: Page;
    let agent: Page;
    let kase: CaseView;

    beforeAll(async () => {
      channel = await world.webchatChannel();
    });

    it('carries the customer message to the agent, and the agent typing and reply back', () =>
      story('conversation', async () => {
        shopper = await customer(channel);
        await say(shopper, 'Hello, is the watering hole open today?');
        await log(shopper).locator('[data-delivery="delivered"]').waitFor({ timeout: 15000 });
        kase = await caseOf(shopper, channel);

        agent = await newPage();
        await agent.goto(`${world.t.url}/sandbox/agent#case=${kase.id}`);
        await agent.getByRole('list', { name: 'Messages' }).getByText('Hello, is the watering hole open today?').waitFor();
        await agent.getByLabel('Agent is typing').check();
        await shopper.getByText('The agent is typing…').waitFor();
        await agent.getByLabel('Reply', { exact: true }).fill('Yes, all day. Mind the crocodiles.');
        await agent.getByRole('button', { name: 'Send reply' }).click();
        await log(shopper).getByText('Yes, all day. Mind the crocodiles.').waitFor();
        await shopper.getByText('The agent is typing…').waitFor({ state: 'hidden' });
      }));

    it('keeps the history across a reload', () =>
      story('reload', async () => {
        await shopper.reload();
        await shopper.getByRole('button', { name: 'Chat with us' }).click();
        await log(shopper).getByText('Hello, is the watering hole open today?').waitFor();
        await log(shopper).getByText('Yes, all day. Mind the crocodiles.').waitFor();
        await expectEnabled(shopper.getByLabel('Your message'));
      }));

    it('loses no message while the event stream is cut, and says it is reconnecting', () =>
      story('reconnect', async () => {
        await shopper.route('**/events?**', (route) => route.abort());
        world.t.app.getHttpServer().closeAllConnections();
        await shopper.getByText('Reconnecting…').waitFor();
        await world.dfo.reply(kase.id, 'First, while you were away.');
        await world.dfo.reply(kase.id, 'Second, while you were away.');
        await shopper.unroute('**/events?**');
        await log(shopper).getByText('Second, while you were away.').waitFor({ timeout: 15000 });
        await shopper.getByText('Reconnecting…').waitFor({ state: 'hidden' });
        const texts = await log(shopper).locator('.bbw-msg-agent .bbw-text').allTextContents();
        expect(texts).toEqual(['Yes, all day. Mind the crocodiles.', 'First, while you were away.', 'Second, while you were away.']);
      }));

    it('disables the input when the agent closes the case, also after a reload', () =>
      story('agent-close', async () => {
        await agent.getByRole('button', { name: 'Close case' }).click();
        await shopper.getByText('The agent ended this conversation.', { exact: false }).waitFor({ timeout: 20000 });
        await expectEnabled(shopper.getByLabel('Your message'), false);
        expect(await shopper.getByRole('button', { name: 'Start a new conversation' }).isVisible()).toBe(false);
        await shopper.reload();
        await shopper.getByRole('button', { name: 'Chat with us' }).click();
        await shopper.getByText('The agent ended this conversation.', { exact: false }).waitFor();
        await expectEnabled(shopper.getByLabel('Your message'), false);
      }));
  });

  describe('on a customer\'s own site', () => {
    const sites: Server[] = [];
    afterAll(() => Promise.all(sites.map((site) => new Promise((r) => site.close(r)))));

    /**
     * Another site, on its own origin (loopback, so that Chromium's private-network rules stay out of the way), whose
     * page `/?channel=<id>` embeds the widget with the snippet under a strict Content-Security-Policy.
     */
    async function site(): Promise<string> {
      const app = world.t.url;
      const server = createServer((req, res) => {
        const channelId = new URL(req.url ?? '/', 'http://site').searchParams.get('channel') ?? '';
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'content-security-policy': `default-src 'none'; script-src ${app}; connect-src ${app}; style-src 'none'`,
        });
        res.end(`<!doctype html><html><body><h1>Savanna Supplies</h1><script src="${app}/webchat/widget.js" data-channel="${encodeURIComponent(channelId)}" async></script></body></html>`);
      });
      sites.push(server);
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    }

    async function visit(page: Page, origin: string, channel: Channel): Promise<void> {
      await page.goto(`${origin}/?channel=${encodeURIComponent(channel.dfoChannelId)}`);
      await page.getByRole('button', { name: 'Chat with us' }).click();
    }

    it('works on a site of the allowlist, styles and all, and refuses one that is not on it', () =>
      story('other-site', async () => {
        const shop = await site();
        const stranger = await site();
        const channel = await world.webchatChannel({}, [shop]);
        const page = await newPage();
        await visit(page, shop, channel);
        await say(page, 'Do you sell sun hats?');
        const kase = await caseOf(page, channel);
        await world.dfo.reply(kase.id, 'We do, in every size.');
        await log(page).getByText('We do, in every size.').waitFor();
        // The widget's own styles apply despite style-src 'none': the launcher is a fixed button.
        const position = await page.getByRole('button', { name: 'Chat with us' }).evaluate((el) => (globalThis as unknown as BrowserWindow).getComputedStyle(el).position);
        expect(position).toBe('fixed');

        const elsewhere = await newPage();
        await visit(elsewhere, stranger, channel);
        await elsewhere.getByText('Reconnecting…').waitFor();
        expect(await world.dfo.cases({ channelId: channel.dfoChannelId })).toHaveLength(1);
      }));
  });

  describe('the idle countdown', () => {
    let channel: Channel;
    beforeAll(async () => {
      // Production-like timings; the tests run the idle timeout and the countdown out instead of waiting for them.
      channel = await world.webchatChannel({ idleTimeoutSeconds: 600, closeCountdownSeconds: 60 });
    });

    /** A customer who wrote and got an answer: the idle clock runs from the agent's message. */
    async function answeredCustomer(): Promise<{ page: Page; kase: CaseView }> {
      const page = await customer(channel);
      await say(page, 'Is anyone there?');
      const kase = await caseOf(page, channel);
      await world.dfo.reply(kase.id, 'Yes, how can we help?');
      await log(page).getByText('Yes, how can we help?').waitFor();
      return { page, kase };
    }

    const threadOf = (kase: CaseView) => ({ channelId: channel.id, externalId: kase.threadIdOnExternalPlatform });

    it('warns with a live countdown, then closes the conversation and offers a new one', () =>
      story('idle-close', async () => {
        const { page, kase } = await answeredCustomer();
        await runOutIdleTimeout(world.db, threadOf(kase));
        await page.getByRole('button', { name: "I'm still here" }).waitFor({ timeout: 15000 });
        const countdown = page.locator('.bbw-countdown');
        const first = Number(await countdown.getAttribute('data-seconds'));
        expect(first).toBeGreaterThan(50);
        await waitFor(async () => Number(await countdown.getAttribute('data-seconds')) < first, 'the countdown to go down', 5000);

        await runOutCountdown(world.db, threadOf(kase));
        await page.getByText('This conversation was closed because it was inactive.', { exact: false }).waitFor({ timeout: 15000 });
        await expectEnabled(page.getByLabel('Your message'), false);
        await waitFor(async () => (await world.dfo.findCaseByThread(kase.threadIdOnExternalPlatform, channel.dfoChannelId))?.status === 'closed', 'the DFO case to close');

        await page.getByRole('button', { name: 'Start a new conversation' }).click();
        await expectEnabled(page.getByLabel('Your message'));
        expect(await log(page).getByText('Is anyone there?').count()).toBe(0);
      }));

    it("cancels the close when the customer says \"I'm still here\"", () =>
      story('still-here', async () => {
        const { page, kase } = await answeredCustomer();
        const threadId = await runOutIdleTimeout(world.db, threadOf(kase));
        await page.getByRole('button', { name: "I'm still here" }).waitFor({ timeout: 15000 });
        await page.getByRole('button', { name: "I'm still here" }).click();
        await page.getByRole('button', { name: "I'm still here" }).waitFor({ state: 'hidden' });

        // The countdown is cancelled where it lives: no close deadline is left for the close sweep to find.
        const row = async () => (await world.query<{ status: string; close_deadline_at: Date | null }>('SELECT status, close_deadline_at FROM threads WHERE id = $1', [threadId]))[0];
        await waitFor(async () => (await row())?.status === 'open', 'the thread to be open again');
        expect(await row()).toEqual({ status: 'open', close_deadline_at: null });
        expect(await outboxSettled(world.db, { threadId })).toMatchObject({ 'platform.event done': 2 });
        await expectEnabled(page.getByLabel('Your message'));
        expect((await world.dfo.findCaseByThread(kase.threadIdOnExternalPlatform, channel.dfoChannelId))?.status).not.toBe('closed');
      }));
  });

  describe('on the embedded default (PGlite, in-process event bus), as npm start runs it', () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'bb-webchat-'));
    let embedded: EmulatorWorld;
    beforeAll(async () => {
      embedded = await EmulatorWorld.startEmbedded(dataDir, FAST_LIFECYCLE);
    });
    afterAll(async () => {
      await embedded?.close();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('seeds the demo web chat channel and carries a conversation both ways', () =>
      story('embedded', async () => {
        const seeded = await embedded.t.app.get(ChannelsService).list(ADMIN, { status: 'active' });
        const demo = seeded.find((c) => c.adapter === 'webchat' && c.name === DEMO_WEBCHAT.channelName);
        expect(demo).toBeDefined();
        expect((await embedded.t.app.inject({ method: 'GET', url: `/webchat/demo/${demo!.dfoChannelId}` })).statusCode).toBe(200);

        const channel = await embedded.webchatChannel();
        const page = await newPage();
        await page.goto(`${embedded.t.url}/webchat/demo/${channel.dfoChannelId}`);
        await page.getByRole('button', { name: 'Chat with us' }).click();
        await say(page, 'Hello from the embedded savanna');
        const token = (await page.evaluate(`localStorage.getItem(${JSON.stringify(`byoc-webchat:${channel.dfoChannelId}`)})`)) as string;
        const threadId = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()).threadId as string;
        const kase = await embedded.dfo.waitForCase(threadId, channel.dfoChannelId);
        await embedded.dfo.typing(kase.id, true);
        await page.getByText('The agent is typing…').waitFor();
        await embedded.dfo.reply(kase.id, 'Hello from the embedded jungle');
        await log(page).getByText('Hello from the embedded jungle').waitFor();
      }));
  });
});
