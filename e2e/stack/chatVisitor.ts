import { expect, type Browser, type Locator, type Page } from '@playwright/test';
import { CHAT_PAGE_PATH } from '../../shared/hub/chatApi';

/**
 * The visitor's side of a chat, through the real page the hub serves (widget/chatPage.ts lists
 * its test ids and Danish names). Each visitor gets its own browser context: its own
 * sessionStorage (the resume token), like a separate person on a separate phone.
 */
export class ChatVisitor {
  /** Every frame the page's chat socket sent and received, in order. */
  readonly framesSent: string[] = [];
  readonly framesReceived: string[] = [];

  private constructor(readonly page: Page) {
    page.on('websocket', (socket) => {
      socket.on('framesent', (frame) => this.framesSent.push(String(frame.payload)));
      socket.on('framereceived', (frame) => this.framesReceived.push(String(frame.payload)));
    });
  }

  /** Opens the chat page at `hubUrl` (the hub, or a proxy in front of it); the chat is open, not started. */
  static async open(browser: Browser, hubUrl: string): Promise<ChatVisitor> {
    const page = await (await browser.newContext({ locale: 'da-DK', timezoneId: 'Europe/Copenhagen' })).newPage();
    const visitor = new ChatVisitor(page);
    await page.goto(`${hubUrl}${CHAT_PAGE_PATH}`);
    await expect(page.getByTestId('chat-start')).toBeVisible();
    return visitor;
  }

  /** "Start chat": the visitor joins the queue (or, with a counsellor free, is offered at once). */
  async start(): Promise<void> {
    await this.page.getByTestId('chat-start').click();
    await expect(this.page.getByTestId('chat-input')).toBeVisible();
  }

  get status(): Locator {
    return this.page.getByTestId('chat-status');
  }

  /** The status line says the visitor's place in the queue (1: "den næste"). */
  async expectQueuePosition(position: number): Promise<void> {
    const place = position === 1 ? 'Du er den næste i køen.' : `Du er nummer ${position} i køen.`;
    await expect(this.status).toContainText(place);
  }

  async expectChatting(): Promise<void> {
    await expect(this.status).toHaveText('Du skriver med en rådgiver.');
  }

  /** Types and sends (Enter), and waits until the hub accepted the message. */
  async send(text: string): Promise<void> {
    const sentBefore = await this.messages('visitor').count();
    await this.page.getByTestId('chat-input').fill(text);
    await this.page.getByTestId('chat-send').click();
    await expect(this.messages('visitor')).toHaveCount(sentBefore + 1);
    await expect(this.messages('visitor').last()).toHaveAttribute('data-state', 'sent');
  }

  /** The conversation's messages on the visitor's page, of one sender. */
  messages(from: 'visitor' | 'counsellor' | 'system'): Locator {
    return this.page.locator(`[data-testid="chat-message"][data-from="${from}"]`);
  }

  /** The text of the last message from `from` is exactly `text`. */
  async expectLastMessage(from: 'visitor' | 'counsellor' | 'system', text: string): Promise<void> {
    await expect(this.messages(from).last().locator('.message-text')).toHaveText(text);
  }

  /** "Afslut samtale", confirmed. */
  async leave(): Promise<void> {
    await this.page.getByTestId('chat-end').click();
    await this.page.getByTestId('chat-end-confirm').click();
    await expect(this.page.getByTestId('chat-ended')).toBeVisible();
  }

  async close(): Promise<void> {
    await this.page.context().close();
  }
}
