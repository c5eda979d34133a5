import { expect, type Locator, type Page } from '@playwright/test';
import type { DemoHub } from './demoHub';
import type { Staff } from './chatStack';
import { submitLogin } from './shiftUi';

/**
 * The counsellor's side of a chat, through the real desk (renderer/chat) over the bridge: the
 * offer card, tabs, composer and actions, and the wrap-up's contact record.
 */

/** Logs a counsellor in (the shift login happens behind it) and waits until the desk takes chats. */
export async function counsellorAtDesk(page: Page, demo: DemoHub, staff: Staff): Promise<void> {
  await submitLogin(page, staff.account, demo.freshCode(staff.account));
  await expect(page.getByTestId('counsellor-workspace')).toBeVisible({ timeout: 15_000 });
  await expectAccepting(page, true);
}

/** The desk is linked to the broker and says whether it takes new chats. */
export async function expectAccepting(page: Page, accepting: boolean): Promise<void> {
  await expect(page.getByTestId('chat-link')).toHaveAttribute('data-state', 'online', { timeout: 15_000 });
  await expect(page.getByTestId('chat-accepting')).toHaveAttribute('data-accepting', String(accepting), { timeout: 10_000 });
}

/** The offer card shows; accepting it opens the chat's tab. Resolves to the conversation's id. */
export async function acceptOffer(page: Page, options: { transfer?: boolean } = {}): Promise<string> {
  const offer = page.getByTestId('chat-offer');
  await expect(offer).toHaveCount(1, { timeout: 15_000 });
  await expect(offer).toHaveAttribute('data-transfer', String(options.transfer ?? false));
  const conversationId = await offer.getAttribute('data-conversation-id');
  if (!conversationId) throw new Error('the offer card carries no conversation id');
  await offer.getByTestId('chat-offer-accept').click();
  await expect(offer).toHaveCount(0);
  await expect(page.getByTestId(`chat-tab-${conversationId}`)).toBeVisible();
  await openChat(page, conversationId);
  return conversationId;
}

/** Brings a chat's tab to the front. */
export async function openChat(page: Page, conversationId: string): Promise<Locator> {
  const tab = page.getByTestId(`chat-tab-${conversationId}`);
  if ((await tab.getAttribute('aria-selected')) !== 'true') await tab.click();
  const panel = conversationPanel(page, conversationId);
  await expect(panel).toBeVisible();
  return panel;
}

export function conversationPanel(page: Page, conversationId: string): Locator {
  return page.locator(`[data-testid="chat-conversation"][data-conversation-id="${conversationId}"]`);
}

/** A chat's messages on the desk, of one sender (the open tab). */
export function deskMessages(page: Page, conversationId: string, from: 'visitor' | 'counsellor' | 'system'): Locator {
  return conversationPanel(page, conversationId).locator(`[data-testid="chat-message"][data-from="${from}"]`);
}

/** Types into the composer and sends; waits until the hub accepted the message. */
export async function sendFromDesk(page: Page, conversationId: string, text: string): Promise<void> {
  const panel = await openChat(page, conversationId);
  const before = await deskMessages(page, conversationId, 'counsellor').count();
  await panel.getByTestId('chat-composer').fill(text);
  await panel.getByTestId('chat-send').click();
  const sent = deskMessages(page, conversationId, 'counsellor');
  await expect(sent).toHaveCount(before + 1);
  await expect(sent.last()).toHaveAttribute('data-pending', 'false');
  await expect(sent.last().getByTestId('chat-message-text')).toHaveText(text);
}

/**
 * The contact record the wrap-up opens (channel chat): stored as a test contact, the one type
 * that needs nothing else; then "Klar" takes the chat off the desk.
 */
export async function finishChatWrapUp(page: Page, conversationId: string): Promise<void> {
  const panel = await openChat(page, conversationId);
  await expect(panel.getByTestId('chat-wrapup')).toBeVisible();
  const form = page.getByTestId('record-form');
  await expect(form).toBeVisible({ timeout: 10_000 });
  await expect(form.getByTestId('record-facts')).toHaveText(/^Chat kl\. /);
  await form.getByRole('radio', { name: 'Test', exact: true }).check();
  await form.getByTestId('record-submit').click();
  await expect(form).toHaveCount(0);
  await panel.getByTestId('chat-wrapup-done').click();
  await expect(page.getByTestId(`chat-tab-${conversationId}`)).toHaveCount(0);
}
