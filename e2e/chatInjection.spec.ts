import { expect, test, type Browser, type Locator, type Page } from '@playwright/test';
import { CHAT_FRAME_MAX_BYTES } from '../shared/hub/chatApi';
import { acceptOffer, conversationPanel, counsellorAtDesk, deskMessages, sendFromDesk } from './stack/chatDesk';
import { openStation, startChatHub, type ChatHub, type Staff, type WorkstationProcess } from './stack/chatStack';
import { ChatVisitor } from './stack/chatVisitor';
import { RawVisitor } from './stack/rawVisitor';
import { startWatchServer, type WatchServer } from './stack/watchServer';

// What a visitor writes can neither run nor phone home (issue 8 points 3 and 6): markup, script,
// Markdown, links, entities, control and bidi characters, zero-width characters reach the
// counsellor's desk as the literal text the hub relays (cleaned of control and bidi-override
// characters), with no element made of them, no request to the address they name and no dialog.
// A 1 MB message is refused by the page before it is sent, and sent raw it costs the sender
// their socket but not their conversation. The hub stays healthy throughout.

test.describe.configure({ mode: 'serial', timeout: 60_000 });
test.use({ timezoneId: 'Europe/Copenhagen', locale: 'da-DK' });

let browserOfTests: Browser;
/** Every address a payload names points here: any request to it is a failure. */
let canary: WatchServer;
let chat: ChatHub;
let anna: Staff;
let station: WorkstationProcess;
let desk: Page;
const dialogs: string[] = [];
const canaryRequests: string[] = [];

test.beforeAll(async ({ browser }) => {
  test.setTimeout(180_000);
  browserOfTests = browser;
  canary = await startWatchServer();
  chat = await startChatHub();
  anna = await chat.addStaff('counsellor', 'anna');
  ({ station, page: desk } = await openStation(browser, chat.demo.hub.url));
  watchPage(desk);
  await counsellorAtDesk(desk, chat.demo, anna);
});

test.afterAll(async () => {
  await desk?.context().close();
  await station?.stop();
  await chat?.demo.stop();
  await canary?.close();
});

/** Dialogs and requests to the canary server, from any page a test opens. */
function watchPage(page: Page): void {
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on('request', (request) => {
    if (request.url().startsWith(canary.url)) canaryRequests.push(request.url());
  });
}

/** The text a message element holds, exactly (no whitespace normalising). */
async function textOf(message: Locator): Promise<string> {
  return message.evaluate((element) => element.textContent ?? '');
}

/** Nothing but text inside the messages of `root` (the desk's list or the visitor's log), and nothing ran. */
async function expectOnlyText(page: Page, root: string): Promise<void> {
  const injected = await page.locator(root).evaluate((element) =>
    [...element.querySelectorAll('img, script, a, iframe, object, embed, svg, style, link, video, audio, b, i, form, input')].map((found) => found.outerHTML),
  );
  expect(injected).toEqual([]);
  expect(await page.evaluate(() => (window as unknown as { pwned?: unknown }).pwned ?? null)).toBeNull();
}

test('markup, script, Markdown, links, entities, control, bidi and zero-width characters reach the desk as plain text', async () => {
  const visitor = await ChatVisitor.open(browserOfTests, chat.demo.hub.url);
  watchPage(visitor.page);
  try {
    await visitor.start();
    const conversationId = await acceptOffer(desk);
    const c = canary.url;
    // [what the visitor writes, what the desk shows]
    const cases: [string, string][] = [
      [`<img src=x onerror="window.pwned=1;fetch('${c}/img')">`, `<img src=x onerror="window.pwned=1;fetch('${c}/img')">`],
      [`<script>window.pwned=2;fetch('${c}/script')</script>`, `<script>window.pwned=2;fetch('${c}/script')</script>`],
      [`<img src="${c}/plain-img"><iframe src="${c}/frame"></iframe><a href="${c}/a">klik</a>`, `<img src="${c}/plain-img"><iframe src="${c}/frame"></iframe><a href="${c}/a">klik</a>`],
      [`[klik her](${c}/markdown) og ![billede](${c}/markdown-image) **fed**`, `[klik her](${c}/markdown) og ![billede](${c}/markdown-image) **fed**`],
      [`Se ${c}/autolink eller www.example.invalid`, `Se ${c}/autolink eller www.example.invalid`],
      ['&lt;b&gt;fed&lt;/b&gt; &amp;amp; &#x3C;i&#x3E; &quot;citat&quot;', '&lt;b&gt;fed&lt;/b&gt; &amp;amp; &#x3C;i&#x3E; &quot;citat&quot;'],
      // Control characters (C0 but tab and newline, DEL, C1) are dropped; the rest stays.
      ['før\u0007\u001b[31mrød\u0008 efter\u007f\u0085 slut', 'før[31mrød efter slut'],
      // Bidi overrides and isolates would make the text read differently from its bytes.
      ['fil\u202Egnp.exe\u202C og \u2066isoleret\u2069 tekst', 'filgnp.exe og isoleret tekst'],
      // Zero-width characters are harmless text and stay.
      ['nul\u200Bbredde\u200C\u200Dtegn\uFEFFher', 'nul\u200Bbredde\u200C\u200Dtegn\uFEFFher'],
      ['linje et\nlinje to', 'linje et\nlinje to'],
    ];
    for (const [written, shown] of cases) {
      await visitor.page.getByTestId('chat-input').fill(written);
      await visitor.page.getByTestId('chat-send').click();
      const last = deskMessages(desk, conversationId, 'visitor').last().getByTestId('chat-message-text');
      await expect.poll(() => textOf(last), { message: JSON.stringify(written) }).toBe(shown);
      // The visitor's own page shows what the hub relayed, as text too.
      await expect.poll(() => textOf(visitor.messages('visitor').last().locator('.message-text'))).toBe(shown);
    }
    await expect(deskMessages(desk, conversationId, 'visitor')).toHaveCount(cases.length);
    await expectOnlyText(desk, `[data-testid="chat-conversation"][data-conversation-id="${conversationId}"] [data-testid="chat-messages"]`);
    await expectOnlyText(visitor.page, '[data-testid="chat-log"]');

    // A counsellor's reply is text on the visitor's page just the same.
    await sendFromDesk(desk, conversationId, `<img src=x onerror="window.pwned=3"> [svar](${c}/reply)`);
    await expect.poll(() => textOf(visitor.messages('counsellor').last().locator('.message-text'))).toBe(`<img src=x onerror="window.pwned=3"> [svar](${c}/reply)`);
    await expectOnlyText(visitor.page, '[data-testid="chat-log"]');

    // 1 MB: the page refuses it before it is sent, and keeps the text for the visitor to shorten.
    const huge = 'a'.repeat(1024 * 1024);
    await visitor.page.getByTestId('chat-input').fill(huge);
    await visitor.page.getByTestId('chat-send').click();
    await expect(visitor.page.getByTestId('chat-error')).toHaveText(`Beskeden er for lang: ${huge.length} tegn. Den må højst være 2000 tegn. Forkort den, og send igen.`);
    expect(Math.max(...visitor.framesSent.map((frame) => frame.length))).toBeLessThan(10_000);
    await expect(deskMessages(desk, conversationId, 'visitor')).toHaveCount(cases.length);
    await visitor.page.getByTestId('chat-input').fill('Undskyld, den var for lang');
    await visitor.page.getByTestId('chat-send').click();
    await expect(deskMessages(desk, conversationId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Undskyld, den var for lang');

    await conversationPanel(desk, conversationId).getByTestId('chat-end').click();
    await expect(visitor.page.getByTestId('chat-ended')).toBeVisible();
    await dismissWrapUp(conversationId);
    expect(dialogs).toEqual([]);
    expect(canaryRequests).toEqual([]);
    expect(canary.requests).toEqual([]);
  } finally {
    await visitor.close();
  }
});

test('a 1 MB frame or a malformed one costs the raw sender their socket, not the conversation; the hub stays healthy', async () => {
  const raw = await RawVisitor.connect(chat.demo.hub.url);
  try {
    const welcome = await raw.waitFor('welcome');
    const conversationId = await acceptOffer(desk);
    raw.send({ type: 'message', clientId: 'c1', text: 'Hej fra en rå klient' });
    await expect(deskMessages(desk, conversationId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Hej fra en rå klient');

    // Far above the frame limit: the socket closes with "message too big", nothing reaches the desk.
    const huge = JSON.stringify({ type: 'message', clientId: 'c2', text: 'b'.repeat(1024 * 1024) });
    expect(huge.length).toBeGreaterThan(CHAT_FRAME_MAX_BYTES);
    raw.sendRaw(huge);
    expect((await raw.whenClosed()).code).toBe(1009);
    await expect(conversationPanel(desk, conversationId)).toHaveAttribute('data-state', /^(active|visitor-away)$/);

    // Back with the token: the same conversation goes on.
    const back = await RawVisitor.connect(chat.demo.hub.url, welcome.token);
    try {
      await back.waitFor('welcome', (event) => event.token === welcome.token && event.state === 'active');
      back.send({ type: 'message', clientId: 'c3', text: 'Jeg er her stadig' });
      await expect(deskMessages(desk, conversationId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Jeg er her stadig');
      await expect(conversationPanel(desk, conversationId)).toHaveAttribute('data-state', 'active');

      // Within the frame limit but above the message limit, or not JSON at all: a clear
      // refusal, and the socket and the conversation go on.
      back.send({ type: 'message', clientId: 'c4', text: 'c'.repeat(4000) });
      await back.waitFor('error', (event) => event.clientId === 'c4' && event.code === 'message-too-large');
      const before = back.events.length;
      back.sendRaw('{"type":"message","text":<script>');
      await back.waitFor('error', (event) => event.code === 'invalid-message', 10_000, before);
      back.send({ type: 'message', clientId: 'c5', text: 'Stadig her' });
      await expect(deskMessages(desk, conversationId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Stadig her');
      await sendFromDesk(desk, conversationId, 'Godt, du er her endnu.');
      await back.waitFor('message', (event) => event.message.text === 'Godt, du er her endnu.');
      expect(back.closed).toBeNull();
      await expect(deskMessages(desk, conversationId, 'visitor').getByTestId('chat-message-text')).toHaveText(['Hej fra en rå klient', 'Jeg er her stadig', 'Stadig her']);
    } finally {
      back.close();
    }

    const health = await fetch(`${chat.demo.hub.url}/api/v1/health`);
    expect(health.status).toBe(200);
    await conversationPanel(desk, conversationId).getByTestId('chat-end').click();
    await dismissWrapUp(conversationId);
    expect(dialogs).toEqual([]);
  } finally {
    raw.close();
  }
});

/** The wrap-up without a record: "Klar" needs the record stored or parked as a draft. */
async function dismissWrapUp(conversationId: string): Promise<void> {
  const form = desk.getByTestId('record-form');
  await expect(form).toBeVisible({ timeout: 10_000 });
  await form.getByTestId('record-park').click();
  await expect(form).toHaveCount(0);
  await conversationPanel(desk, conversationId).getByTestId('chat-wrapup-done').click();
  await expect(desk.getByTestId(`chat-tab-${conversationId}`)).toHaveCount(0);
}
