import http from 'node:http';
import type { AddressInfo } from 'node:net';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { CHAT_EMBED_PATH, CHAT_PAGE_PATH, CHAT_SCHEDULE_PATH, type ChatScheduleInput } from '../shared/hub/chatApi';
import { startDemoHub, type DemoHub } from './stack/demoHub';

// The visitor's chat page on its own (issue 8 part 1), served by the real hub process and driven
// in Chromium: the closed message with the administrator's exception label, the queue while
// waiting, keyboard-only use, a 320 px screen, quick exit, and the embed script on a service's
// site. Every state is checked with axe-core against WCAG 2.1 A and AA. The page must set no
// cookie and talk to nobody but the hub; the quick-exit page is answered inside the browser
// (route.fulfill) and the service's site by a server on 127.0.0.1 (a site the browser sees as
// public may not load a script from a loopback hub), so nothing leaves the machine. The
// counsellor's side of a chat is chat.spec.ts.

test.describe.configure({ mode: 'serial', timeout: 60_000 });
test.use({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' });

const EXIT_URL = 'https://exit.tavs.test/nyheder';
const MAX_CHARS = 120;
const TOKEN_KEY = 'tavs-chat-token';
const policy = { chat: { quickExitUrl: EXIT_URL, maxMessageChars: MAX_CHARS } };

let demo: DemoHub;
let adminToken: string;
/** The service's own website, with the hub's embed script on its contact page. */
let site: http.Server;
let serviceUrl: string;
const contexts: BrowserContext[] = [];

test.beforeAll(async () => {
  // The first administrator (PGlite from cold) and the hub process: slow on a busy machine.
  test.setTimeout(180_000);
  demo = await startDemoHub({ policy });
  adminToken = await demo.login(demo.admin);
  site = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(`<!doctype html><html lang="da"><head><title>Rådgivningen</title><meta name="viewport" content="width=device-width, initial-scale=1"></head>
      <body><main><h1>Kontakt os</h1><p>Skriv til os anonymt.</p></main>
      <script src="${demo.hub.url}${CHAT_EMBED_PATH}" data-label="Chat anonymt med os" referrerpolicy="no-referrer" async></script></body></html>`);
  });
  await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
  serviceUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}/kontakt`;
});

test.afterAll(async () => {
  for (const context of contexts) await context.close().catch(() => undefined);
  await demo?.stop();
  await new Promise((resolve) => site?.close(resolve));
});

const pageUrl = (): string => `${demo.hub.url}${CHAT_PAGE_PATH}`;

/** The administrator sets the opening hours, as the chat settings screen does. */
async function putSchedule(schedule: ChatScheduleInput): Promise<void> {
  const response = await fetch(`${demo.hub.url}${CHAT_SCHEDULE_PATH}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` },
    body: JSON.stringify(schedule),
  });
  expect(response.status, await response.clone().text()).toBe(200);
}

/** Each test sets the hours it needs (a test may run alone, with -g). */
const openAroundTheClock = (): Promise<void> => putSchedule({ weekly: null, exceptions: [] });

/** The calendar date in Copenhagen, `offset` days from today. */
function copenhagenDate(offset: number): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Copenhagen', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(Date.now() + offset * 86_400_000));
}

interface Visitor {
  context: BrowserContext;
  page: Page;
  /** Every HTTP request and WebSocket the page made, in order. */
  requests: string[];
  framesSent: string[];
}

/** A visitor in a browser context of their own that records every request, with the exit page answered locally. */
async function newVisitor(browser: Browser, options: { viewport?: { width: number; height: number } } = {}): Promise<Visitor> {
  const context = await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen', ...(options.viewport ? { viewport: options.viewport } : {}) });
  contexts.push(context);
  const requests: string[] = [];
  const framesSent: string[] = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('page', (page) => {
    page.on('websocket', (socket) => {
      requests.push(socket.url());
      socket.on('framesent', (frame) => framesSent.push(String(frame.payload)));
    });
  });
  await context.route(`${EXIT_URL}**`, (route) =>
    route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="da"><title>Nyheder</title><main><h1>Nyheder</h1></main></html>' }),
  );
  const page = await context.newPage();
  return { context, page, requests, framesSent };
}

/** No WCAG 2.1 A/AA violation that axe-core can find on the page as it is now. */
async function expectAccessible(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.target.join(' ')).join(', ')}`)).toEqual([]);
  // axe did look at the page (it found rules that passed).
  expect(results.passes.length).toBeGreaterThan(10);
}

/** Nothing but the hub (and, after a quick exit, the exit page) was asked for anything, and no cookie was set. */
async function expectOnlyTheHub(visitor: Visitor, allowed: string[] = []): Promise<void> {
  const hub = new URL(demo.hub.url);
  const elsewhere = visitor.requests.filter((url) => {
    const target = new URL(url);
    if (target.host === hub.host && (target.protocol === 'http:' || target.protocol === 'ws:')) return false;
    return !allowed.some((prefix) => url.startsWith(prefix));
  });
  expect(elsewhere).toEqual([]);
  expect(visitor.requests.length).toBeGreaterThan(0);
  expect(await visitor.context.cookies()).toEqual([]);
}

async function tabTo(page: Page, testId: string): Promise<void> {
  for (let presses = 0; presses < 25; presses++) {
    await page.keyboard.press('Tab');
    if ((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.testid)) === testId) return;
  }
  throw new Error(`Tab never reached ${testId}`);
}

const storedToken = (page: Page): Promise<string | null> => page.evaluate((key) => sessionStorage.getItem(key), TOKEN_KEY);

test('closed now: the closed message with today’s exception label and the opening hours, no start, accessible', async ({ browser }) => {
  const weekday = [{ opens: '09:00', closes: '17:00' }];
  // Today and tomorrow closed (so a run just before midnight sees the same), with a label.
  await putSchedule({
    weekly: [weekday, weekday, weekday, weekday, weekday, [], []],
    exceptions: [0, 1].map((offset) => ({ date: copenhagenDate(offset), intervals: [], label: 'Personaledag' })),
  });
  const visitor = await newVisitor(browser);
  const { page } = visitor;
  await page.goto(pageUrl());

  await expect(page.locator('html')).toHaveAttribute('lang', 'da');
  await expect(page.getByRole('heading', { name: 'Chatten er lukket' })).toBeVisible();
  await expect(page.getByTestId('chat-closed-message')).toHaveText(/^Chatten er lukket nu\. Vi åbner igen .+ kl\. 09:00\.$/);
  await expect(page.getByTestId('chat-closed-today')).toHaveText('I dag: Personaledag');
  await expect(page.getByRole('row', { name: 'Mandag 09:00–17:00' })).toBeVisible();
  await expect(page.getByRole('row', { name: 'Lørdag Lukket' })).toBeVisible();
  await expect(page.getByTestId('chat-hours-exceptions')).toContainText('(Personaledag): Lukket');
  await expect(page.getByTestId('chat-start')).toBeHidden();
  await expect(page.getByRole('button', { name: 'Forlad siden' })).toBeVisible();
  await expectAccessible(page);

  // In English on request, and back.
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByTestId('chat-closed-today')).toHaveText('Today: Personaledag');
  await page.getByRole('button', { name: 'Dansk' }).click();
  await expect(page.getByTestId('chat-closed-today')).toHaveText('I dag: Personaledag');

  await expectOnlyTheHub(visitor);
  expect(visitor.requests.some((url) => url.endsWith(CHAT_SCHEDULE_PATH))).toBe(true);
});

test('closed while the page was open: Start gets the hub’s closed answer with the hours instead of a queue', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser);
  const { page } = visitor;
  await page.goto(pageUrl());
  await expect(page.getByTestId('chat-start')).toBeVisible();
  await putSchedule({ weekly: null, exceptions: [{ date: copenhagenDate(0), intervals: [], label: 'Juledag' }] });
  await page.getByTestId('chat-start').click();
  await expect(page.getByTestId('chat-closed-today')).toHaveText('I dag: Juledag');
  await expect(page.getByTestId('chat-closed-message')).toHaveText('Chatten er lukket nu. Vi åbner igen i morgen kl. 00:00.');
  await expect(page.getByTestId('chat-input')).toBeHidden();
  await expect(page.getByTestId('chat-start')).toBeHidden();
  expect(await storedToken(page)).toBeNull();
  expect(visitor.framesSent.map((frame) => JSON.parse(frame) as unknown)).toEqual([{ type: 'hello', token: null }]);
  await expectAccessible(page);
  await expectOnlyTheHub(visitor);
});

test('open: started and used with the keyboard only, the place in the queue announced, the limit refused, resumed after a reload, ended', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser);
  const { page } = visitor;
  await page.goto(pageUrl());
  await expect(page.getByTestId('chat-start')).toBeVisible();
  await expectAccessible(page);

  await tabTo(page, 'chat-start');
  await page.keyboard.press('Enter');
  // Nobody on shift: the visitor waits, first in line, told politely (role=status) …
  const status = page.getByRole('status');
  await expect(status).toHaveText(/^Du er den næste i køen\./);
  await expect(page.getByTestId('chat-status')).toHaveAttribute('role', 'status');
  await expect(page.getByRole('log')).toHaveAttribute('aria-live', 'polite');
  // … and can write at once: the focus is in the message box.
  const input = page.getByRole('textbox', { name: 'Din besked' });
  await expect(input).toBeFocused();
  expect(await storedToken(page)).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // Over the policy's limit: refused here with a clear message, and the text stays.
  await page.keyboard.type('x'.repeat(MAX_CHARS + 1));
  await expect(page.getByTestId('chat-counter')).toHaveText(`${MAX_CHARS + 1} af ${MAX_CHARS} tegn`);
  await expect(input).toHaveAttribute('aria-invalid', 'true');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('alert')).toHaveText(`Beskeden er for lang: ${MAX_CHARS + 1} tegn. Den må højst være ${MAX_CHARS} tegn. Forkort den, og send igen.`);
  await expect(page.getByTestId('chat-message')).toHaveCount(0);
  await expect(input).toHaveValue('x'.repeat(MAX_CHARS + 1));

  // Shortened and sent with Enter; markup is shown as the text it is.
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.press('Backspace');
  const injection = '<img src=x onerror="window.pwned=1"> **fed** [link](https://evil.example)';
  await page.keyboard.type(injection);
  await page.keyboard.press('Enter');
  const mine = page.locator('[data-testid="chat-message"][data-from="visitor"]');
  await expect(mine).toHaveCount(1);
  await expect(mine).toHaveAttribute('data-state', 'sent');
  await expect(mine.locator('.message-text')).toHaveText(injection);
  await expect(mine.locator('.message-meta')).toContainText('Du');
  await expect(page.locator('main img, main a')).toHaveCount(0);
  expect(await page.evaluate(() => (window as { pwned?: number }).pwned)).toBeUndefined();
  await expect(input).toHaveValue('');
  await expect(page.getByRole('alert')).toHaveText('');
  await expectAccessible(page);

  // A reload resumes the conversation with the token from sessionStorage (no new conversation).
  const token = await storedToken(page);
  await page.reload();
  await expect(status).toHaveText(/^Du er den næste i køen\./);
  const hellos = visitor.framesSent.map((frame) => JSON.parse(frame) as { type: string; token?: string | null }).filter((frame) => frame.type === 'hello');
  expect(hellos).toEqual([
    { type: 'hello', token: null },
    { type: 'hello', token },
  ]);

  // "Afslut samtale" asks first; the safe answer has the focus.
  await tabTo(page, 'chat-end');
  await page.keyboard.press('Enter');
  const dialog = page.getByRole('dialog', { name: 'Vil du afslutte samtalen?' });
  await expect(dialog).toBeVisible();
  await expect(page.getByRole('button', { name: 'Nej, fortsæt' })).toBeFocused();
  await expectAccessible(page);
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(status).toHaveText(/^Du er den næste i køen\./);
  await tabTo(page, 'chat-end');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Shift+Tab');
  await expect(page.getByRole('button', { name: 'Ja, afslut' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('chat-ended-message')).toHaveText('Du har afsluttet samtalen.');
  await expect(page.getByRole('heading', { name: 'Samtalen er afsluttet' })).toBeFocused();
  expect(await storedToken(page)).toBeNull();
  expect(visitor.framesSent.map((frame) => (JSON.parse(frame) as { type: string }).type)).toContain('leave');
  await expectAccessible(page);

  await expectOnlyTheHub(visitor);
});

test('on a 320 px screen and at 200 % zoom: nothing scrolls sideways, quick exit stays in view, accessible', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser, { viewport: { width: 320, height: 568 } });
  const { page } = visitor;
  await page.goto(pageUrl());
  const sideways = (): Promise<number> => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  await expect(page.getByTestId('chat-start')).toBeVisible();
  expect(await sideways()).toBe(0);
  await expectAccessible(page);

  await page.getByTestId('chat-start').click();
  await expect(page.getByTestId('chat-status')).toHaveText(/^Du er nummer \d+ i køen\.|^Du er den næste i køen\./);
  // One long word (an address, say) wraps instead of widening the page.
  await page.getByTestId('chat-input').fill(`https://${'a'.repeat(90)}.example`);
  await page.getByTestId('chat-send').click();
  await expect(page.locator('[data-testid="chat-message"][data-from="visitor"]')).toHaveAttribute('data-state', 'sent');
  await page.mouse.wheel(0, 2000);
  await expect(page.getByTestId('chat-quick-exit')).toBeInViewport();
  expect(await sideways()).toBe(0);
  await expectAccessible(page);
  // 1280 × 720 at 200 % zoom is a 640 × 360 CSS-pixel viewport.
  await page.setViewportSize({ width: 640, height: 360 });
  expect(await sideways()).toBe(0);
  await expect(page.getByTestId('chat-quick-exit')).toBeInViewport();
  await expectOnlyTheHub(visitor);
});

test('a network drop: the page says so, keeps what is written, and resumes the same conversation with its token', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser);
  const { page } = visitor;
  // Every chat socket goes through here to the real hub; while `down`, the "network" refuses it.
  let down = false;
  const open: { close(): Promise<void> }[] = [];
  await page.routeWebSocket(/\/chat\/socket$/, (socket) => {
    if (down) {
      void socket.close({ code: 1011, reason: 'network down' });
      return;
    }
    const server = socket.connectToServer();
    open.push({ close: async () => Promise.all([socket.close({ code: 1011, reason: 'network down' }), server.close()]).then(() => undefined) });
  });
  await page.goto(pageUrl());
  await page.getByTestId('chat-start').click();
  const status = page.getByTestId('chat-status');
  await expect(status).toHaveText(/i køen/);
  const token = await storedToken(page);

  down = true;
  for (const socket of open.splice(0)) await socket.close();
  await expect(status).toHaveText('Forbindelsen blev afbrudt. Vi prøver at genoprette den …');
  await page.getByTestId('chat-input').fill('Skrevet mens nettet var væk');
  await page.keyboard.press('Enter');
  const mine = page.locator('[data-testid="chat-message"][data-from="visitor"]');
  await expect(mine).toHaveAttribute('data-state', 'pending');
  await expect(mine.locator('.message-state')).toHaveText('Sendes …');

  down = false;
  // The next try (backoff: 1, 2, 4 … s) gets through, resumes, and sends what waited.
  await expect(status).toHaveText(/i køen/, { timeout: 20_000 });
  await expect(mine).toHaveAttribute('data-state', 'sent');
  expect(await storedToken(page)).toBe(token);
  const hellos = visitor.framesSent.map((frame) => JSON.parse(frame) as { type: string; token?: string | null }).filter((frame) => frame.type === 'hello');
  expect(hellos[0]).toEqual({ type: 'hello', token: null });
  expect(hellos.slice(1).every((hello) => hello.token === token)).toBe(true);
  expect(hellos.length).toBeGreaterThan(1);
  await expectOnlyTheHub(visitor);
});

test('quick exit: Escape twice tells the hub, wipes sessionStorage and the page, and replaces the location', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser);
  const { page } = visitor;
  await page.goto(pageUrl());
  await page.getByTestId('chat-start').click();
  await expect(page.getByTestId('chat-input')).toBeFocused();
  await page.getByTestId('chat-input').fill('Jeg er bange');
  await page.keyboard.press('Enter');
  await expect(page.locator('[data-testid="chat-message"][data-from="visitor"]')).toHaveAttribute('data-state', 'sent');
  expect(await storedToken(page)).not.toBeNull();

  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.waitForURL(EXIT_URL);
  await expect(page.getByRole('heading', { name: 'Nyheder' })).toBeVisible();
  expect(visitor.framesSent.map((frame) => (JSON.parse(frame) as { type: string }).type).at(-1)).toBe('leave');
  // Replaced, not pushed: Back does not bring the chat back.
  await page.goBack().catch(() => null);
  expect(page.url()).not.toContain(CHAT_PAGE_PATH);
  // The hub's origin in this tab kept nothing: the page starts afresh, not with the old conversation.
  await page.goto(pageUrl());
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await expect(page.getByTestId('chat-start')).toBeVisible();
  await expect(page.getByTestId('chat-message')).toHaveCount(0);
  await expectOnlyTheHub(visitor, [EXIT_URL]);
});

test('quick exit by the button, before and during a conversation', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser);
  const { page } = visitor;
  await page.goto(pageUrl());
  await page.getByRole('button', { name: 'Forlad siden' }).click();
  await page.waitForURL(EXIT_URL);

  await page.goto(pageUrl());
  await page.getByTestId('chat-start').click();
  await expect(page.getByTestId('chat-status')).toContainText('i køen');
  await page.evaluate(() => sessionStorage.setItem('something-else', 'x'));
  await page.getByRole('button', { name: 'Forlad siden' }).click();
  await page.waitForURL(EXIT_URL);
  await page.goto(pageUrl());
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await expectOnlyTheHub(visitor, [EXIT_URL]);
});

test('the embed script on a service’s site: a labelled button, the page in a frame without a referrer, quick exit leaves the site', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser);
  const { page } = visitor;
  const pageRequests: { referer: string | undefined }[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === CHAT_PAGE_PATH) pageRequests.push({ referer: request.headers().referer });
  });
  await page.goto(serviceUrl);
  const launcher = page.getByRole('button', { name: 'Chat anonymt med os' });
  await expect(launcher).toBeVisible();
  await expect(launcher).toHaveAttribute('aria-expanded', 'false');
  await launcher.focus();
  await page.keyboard.press('Enter');
  await expect(launcher).toHaveAttribute('aria-expanded', 'true');
  const frame = page.frameLocator('iframe[title="Anonym chat"]');
  await expect(frame.getByTestId('chat-start')).toBeVisible();
  expect(pageRequests).toEqual([{ referer: undefined }]);
  await expectAccessible(page);

  // Hidden and shown again: the same conversation, the focus back on the button.
  await page.getByRole('button', { name: 'Skjul chatten' }).click();
  await expect(launcher).toBeFocused();
  await expect(page.locator('iframe[title="Anonym chat"]')).toBeHidden();
  await launcher.click();
  await frame.getByTestId('chat-start').click();
  await expect(frame.getByTestId('chat-status')).toContainText('i køen');

  // Quick exit inside the frame: the whole site goes, not only the frame.
  await frame.getByRole('button', { name: 'Forlad siden' }).click();
  await page.waitForURL(EXIT_URL);
  await expectOnlyTheHub(visitor, [serviceUrl, EXIT_URL]);
});

test('the embed script on a phone opens the page in a tab of its own', async ({ browser }) => {
  await openAroundTheClock();
  const visitor = await newVisitor(browser, { viewport: { width: 375, height: 667 } });
  await visitor.page.goto(serviceUrl);
  const opened = visitor.context.waitForEvent('page');
  await visitor.page.getByRole('button', { name: 'Chat anonymt med os' }).click();
  const tab = await opened;
  await tab.waitForURL(pageUrl());
  await expect(tab.getByTestId('chat-start')).toBeVisible();
  // noopener: the page cannot reach back into the service's site.
  expect(await tab.evaluate(() => window.opener === null)).toBe(true);
  await expectOnlyTheHub(visitor, [serviceUrl]);
});
