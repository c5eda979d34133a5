import { expect, test, type Browser, type Page } from '@playwright/test';
import { acceptOffer, conversationPanel, counsellorAtDesk, deskMessages, finishChatWrapUp, openChat, sendFromDesk } from './stack/chatDesk';
import { openStation, startChatHub, type ChatHub, type Staff, type WorkstationProcess } from './stack/chatStack';
import { ChatVisitor } from './stack/chatVisitor';
import { dumpHubDatabase, withHubDatabase } from './stack/hubDatabase';
import { expectBoardState, supervisorOnBoard } from './stack/shiftUi';
import { startWatchServer, type WatchServer } from './stack/watchServer';

// Anonymous chat end to end on real parts (issue 8 point 6): the hub process with its chat
// broker, the visitor page it serves in Chromium, and counsellors' and a supervisor's
// workstations (their main-process services, the UI in Chromium over the bridge). A visitor
// waits with their place shown, is offered to a counsellor and accepted, both write and see the
// other typing; the chat goes to a colleague and back through the queue; the counsellor ends it
// and files the contact record (channel chat); a visitor who leaves is seen to leave; the board
// counts the waiting and shows an emergency.

test.describe.configure({ mode: 'serial', timeout: 60_000 });
test.use({ timezoneId: 'Europe/Copenhagen', locale: 'da-DK' });

let browserOfTests: Browser;
let watch: WatchServer;
let chat: ChatHub;
let anna: Staff;
let bent: Staff;
let sofie: Staff;
const stations: WorkstationProcess[] = [];
let annaPage: Page;
let bentPage: Page;
let board: Page;
const visitors: ChatVisitor[] = [];
/** Waits from test 1 and is the chat of tests 2–4. */
let visitor: ChatVisitor;
let conversationId: string;

test.beforeAll(async ({ browser }) => {
  // A hub, three workstations and a login: slow on a busy 2-core machine, not a test of speed.
  test.setTimeout(180_000);
  browserOfTests = browser;
  watch = await startWatchServer();
  chat = await startChatHub({ quickExitUrl: `${watch.url}/vejret` });
  anna = await chat.addStaff('counsellor', 'anna');
  bent = await chat.addStaff('counsellor', 'bent');
  sofie = await chat.addStaff('supervisor', 'sofie');
  // One after the other: every workstation here files its store key under the same keyring
  // name, and two creating it at once would race (one machine has one workstation).
  const pages: Page[] = [];
  for (let index = 0; index < 3; index++) {
    const opened = await openStation(browser, chat.demo.hub.url);
    stations.push(opened.station);
    pages.push(opened.page);
  }
  [annaPage, bentPage, board] = pages as [Page, Page, Page];
  await supervisorOnBoard(board, sofie.account, chat.demo.freshCode(sofie.account));
});

test.afterAll(async () => {
  for (const opened of visitors) await opened.close().catch(() => undefined);
  for (const page of [annaPage, bentPage, board]) await page?.context().close();
  for (const station of stations) await station.stop();
  await chat?.demo.stop();
  await watch?.close();
});

async function openVisitor(): Promise<ChatVisitor> {
  const opened = await ChatVisitor.open(browserOfTests, chat.demo.hub.url);
  visitors.push(opened);
  return opened;
}

async function expectWaiting(count: number): Promise<void> {
  await expect(board.getByTestId('board-chat-waiting')).toHaveAttribute('data-value', String(count), { timeout: 5_000 });
}

test('visitors wait in the queue with their place shown; the board counts them; quick exit leaves no trace', async () => {
  const first = await openVisitor();
  await first.start();
  await first.expectQueuePosition(1);
  visitor = await openVisitor();
  await visitor.start();
  await visitor.expectQueuePosition(2);
  await expectWaiting(2);
  // Messages written while waiting reach the counsellor who takes the chat.
  await visitor.send('Hej, er der nogen?');

  // "Forlad siden": the first visitor is gone from the queue, and from their own browser.
  await first.page.getByTestId('chat-quick-exit').click();
  await expect(first.page).toHaveURL(`${watch.url}/vejret`);
  expect(await first.page.evaluate(() => sessionStorage.length)).toBe(0);
  await first.page.goBack().catch(() => undefined);
  expect(first.page.url()).not.toContain('/chat');
  await visitor.expectQueuePosition(1);
  await expectWaiting(1);
});

test('a counsellor is offered the chat, accepts it, and both write and see the other typing', async () => {
  await counsellorAtDesk(annaPage, chat.demo, anna);
  const offer = annaPage.getByTestId('chat-offer');
  await expect(offer).toBeVisible({ timeout: 10_000 });
  await expect(offer).toHaveAttribute('data-transfer', 'false');
  await expect(offer.getByTestId('chat-offer-countdown')).toBeVisible();
  conversationId = await acceptOffer(annaPage);
  await expectWaiting(0);
  await expect(board.getByTestId('board-chat-active')).toHaveAttribute('data-value', '1');
  await expectBoardState(board, anna.id, 'in-chat', 5_000);

  // The message written in the queue is there; the visitor learns a counsellor joined.
  await expect(deskMessages(annaPage, conversationId, 'visitor').getByTestId('chat-message-text')).toHaveText(['Hej, er der nogen?']);
  await visitor.expectChatting();
  await expect(visitor.messages('system').last()).toContainText('En rådgiver er kommet ind i samtalen.');

  await sendFromDesk(annaPage, conversationId, 'Hej, du skriver med en rådgiver. Hvad har du på hjerte?');
  await visitor.expectLastMessage('counsellor', 'Hej, du skriver med en rådgiver. Hvad har du på hjerte?');

  // The visitor types: the desk says so; sending ends it.
  await visitor.page.getByTestId('chat-input').pressSequentially('Jeg har det svært', { delay: 20 });
  await expect(conversationPanel(annaPage, conversationId).getByTestId('chat-typing')).toBeVisible({ timeout: 5_000 });
  await visitor.page.getByTestId('chat-send').click();
  await expect(deskMessages(annaPage, conversationId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Jeg har det svært');
  await expect(conversationPanel(annaPage, conversationId).getByTestId('chat-typing')).toHaveCount(0, { timeout: 5_000 });

  // The counsellor types: the visitor sees it; sending ends it.
  const composer = conversationPanel(annaPage, conversationId).getByTestId('chat-composer');
  await composer.pressSequentially('Det lyder hårdt', { delay: 20 });
  await expect(visitor.page.getByTestId('chat-typing')).toHaveText('Rådgiveren skriver …', { timeout: 5_000 });
  await conversationPanel(annaPage, conversationId).getByTestId('chat-send').click();
  await visitor.expectLastMessage('counsellor', 'Det lyder hårdt');
  await expect(visitor.page.getByTestId('chat-typing')).toHaveText('');
});

test('the chat goes to a colleague, and back through the queue to the next free counsellor', async () => {
  await counsellorAtDesk(bentPage, chat.demo, bent);
  await openChat(annaPage, conversationId);
  await conversationPanel(annaPage, conversationId).getByTestId('chat-transfer').click();
  await annaPage.getByTestId(`chat-transfer-target-${bent.id}`).click();
  await expect(annaPage.getByTestId(`chat-tab-${conversationId}`)).toHaveCount(0, { timeout: 5_000 });

  expect(await acceptOffer(bentPage, { transfer: true })).toBe(conversationId);
  // The earlier conversation came with the transfer (the hub had forgotten it): Anna's desk handed it over.
  await expect(deskMessages(bentPage, conversationId, 'visitor').getByTestId('chat-message-text')).toHaveText(['Hej, er der nogen?', 'Jeg har det svært']);
  await expect(deskMessages(bentPage, conversationId, 'counsellor').getByTestId('chat-message-text')).toHaveText([
    'Hej, du skriver med en rådgiver. Hvad har du på hjerte?',
    'Det lyder hårdt',
  ]);
  // The colleague's tab opens with the hand-over notice.
  await expect(deskMessages(bentPage, conversationId, 'system').last()).toHaveText('En rådgiver er med i chatten.');
  await expect(visitor.messages('system').filter({ hasText: 'Samtalen er givet videre til en anden rådgiver.' })).toHaveCount(1);
  await sendFromDesk(bentPage, conversationId, 'Hej, jeg hedder Bent og tager over.');
  await visitor.expectLastMessage('counsellor', 'Hej, jeg hedder Bent og tager over.');
  await visitor.send('Okay');
  await expect(deskMessages(bentPage, conversationId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Okay');

  // Back to the queue's front: the visitor is told, and the next free counsellor is offered it.
  await conversationPanel(bentPage, conversationId).getByTestId('chat-transfer').click();
  await bentPage.getByTestId('chat-transfer-queue').click();
  await expect(bentPage.getByTestId(`chat-tab-${conversationId}`)).toHaveCount(0, { timeout: 5_000 });
  await expect(visitor.messages('system').filter({ hasText: 'Din samtale er sat tilbage i køen.' })).toHaveCount(1);
  expect(await acceptOffer(annaPage, { transfer: true })).toBe(conversationId);
  await expect(deskMessages(annaPage, conversationId, 'visitor').getByTestId('chat-message-text')).toHaveText(['Hej, er der nogen?', 'Jeg har det svært', 'Okay']);
  await sendFromDesk(annaPage, conversationId, 'Det er Anna igen.');
  await visitor.expectLastMessage('counsellor', 'Det er Anna igen.');
  // Bent's shift ends: from now on every chat is offered to Anna.
  await bentPage.getByRole('button', { name: 'Log ud' }).click();
  await expect(bentPage.getByLabel('Brugernavn')).toBeVisible();
});

test('the counsellor ends the chat: the visitor is told, and the wrap-up files a contact record with channel chat', async () => {
  await conversationPanel(annaPage, conversationId).getByTestId('chat-end').click();
  await expect(visitor.page.getByTestId('chat-ended')).toBeVisible({ timeout: 5_000 });
  await expect(visitor.page.getByTestId('chat-ended-message')).toHaveText('Rådgiveren har afsluttet samtalen. Tak, fordi du skrev.');
  await expect(annaPage.getByTestId(`chat-tab-${conversationId}`)).toHaveAttribute('data-state', 'ended');
  await finishChatWrapUp(annaPage, conversationId);

  // Stored, and sent to the hub at once (the last test finds it there): it leaves the
  // workstation's store, yet stays in the counsellor's list of this shift.
  await expect(annaPage.getByTestId('record-stored')).toHaveText('Registreringen er gemt.');
  await expect(annaPage.getByTestId('sync-pending')).toHaveCount(0, { timeout: 20_000 });
  const records = annaPage.getByTestId('shift-record');
  await expect(records).toHaveCount(1);
  await expect(records.first()).toContainText(/ · Chat · \d+ min\./);
  await expect(board.getByTestId('board-chat-active')).toHaveAttribute('data-value', '0', { timeout: 5_000 });
});

test('a visitor who leaves is seen to leave; an emergency reaches the board with name and time only', async () => {
  const leaving = await openVisitor();
  await leaving.start();
  const leftId = await acceptOffer(annaPage);
  await leaving.send('Jeg må gå nu');
  await expect(deskMessages(annaPage, leftId, 'visitor').last().getByTestId('chat-message-text')).toHaveText('Jeg må gå nu');
  await leaving.leave();
  await expect(annaPage.getByTestId(`chat-tab-${leftId}`)).toHaveAttribute('data-state', 'ended', { timeout: 5_000 });
  await expect(conversationPanel(annaPage, leftId).getByTestId('chat-wrapup')).toBeVisible();
  await expect(deskMessages(annaPage, leftId, 'system').last()).toHaveText('Den besøgende har forladt chatten.');
  await finishChatWrapUp(annaPage, leftId);

  // "Nødsituation": the supervisors see who and when, never what.
  const urgent = await openVisitor();
  await urgent.start();
  const urgentId = await acceptOffer(annaPage);
  await urgent.send('Jeg vil ikke leve mere');
  await conversationPanel(annaPage, urgentId).getByTestId('chat-escalate').click();
  await annaPage.getByTestId('chat-escalate-confirm').click();
  await expect(conversationPanel(annaPage, urgentId)).toHaveAttribute('data-escalated', 'true');
  const alert = board.locator(`li.board-alert[data-kind="chat-emergency"][data-user-id="${anna.id}"]`);
  await expect(alert).toHaveCount(1, { timeout: 5_000 });
  await expect(alert).toContainText(`Nødsituation i chat — ${anna.displayName}, kl. `);
  await expect(board.getByTestId('board')).not.toContainText('Jeg vil ikke leve mere');
  // The chat goes on after the alert.
  await sendFromDesk(annaPage, urgentId, 'Jeg er her stadig. Vi får hjælp.');
  await urgent.expectLastMessage('counsellor', 'Jeg er her stadig. Vi får hjælp.');
  // Acknowledged, it leaves the board.
  await alert.getByRole('button').click();
  await expect(alert).toHaveCount(0, { timeout: 5_000 });
  await conversationPanel(annaPage, urgentId).getByTestId('chat-end').click();
  await finishChatWrapUp(annaPage, urgentId);
});

test('the hub holds the three chat records and nothing of the conversations', async () => {
  // Every record reached the hub (then left the workstation: data minimisation).
  await expect(annaPage.getByTestId('sync-pending')).toHaveCount(0, { timeout: 20_000 });
  await chat.demo.stop();
  const { text, counts } = await dumpHubDatabase(chat.demo.hub.dataDir);
  const channels = await withHubDatabase(chat.demo.hub.dataDir, async (db) => (await db.query<{ channel: string }>('SELECT channel FROM records')).rows);
  expect(channels.map((row) => row.channel)).toEqual(['chat', 'chat', 'chat']);
  // No transcript by default: no word of any chat, and no chat table holds a row.
  expect(counts.chat_transcripts).toBe(0);
  expect(counts.chat_escrow).toBe(0);
  for (const said of ['Hej, er der nogen?', 'Jeg har det svært', 'Det lyder hårdt', 'Jeg vil ikke leve mere', 'tager over']) expect(text).not.toContain(said);
});
