import crypto from 'node:crypto';
import type { BoardAlert } from '../../../shared/hub/chatApi';

/** Alerts kept at most: a board flooded beyond this shows the newest. */
const MAX_ALERTS = 200;

/**
 * Emergencies raised in chats, shown on the board until a supervisor acknowledges them. An alert
 * names the counsellor and the time, never the conversation's content; which conversation it was
 * stays here, in memory, so a second press in the same conversation raises no second alert while
 * the first is open.
 */
export class ChatAlerts {
  private entries: { alert: BoardAlert; conversationId: string }[] = [];

  list(): BoardAlert[] {
    return this.entries.map((entry) => ({ ...entry.alert }));
  }

  /** The open alert of this conversation, or a new one. */
  raise(conversationId: string, userId: string, displayName: string, at: Date): { alert: BoardAlert; raised: boolean } {
    const open = this.entries.find((entry) => entry.conversationId === conversationId);
    if (open) return { alert: open.alert, raised: false };
    const alert: BoardAlert = { alertId: crypto.randomUUID(), kind: 'chat-emergency', userId, displayName, raisedAt: at.toISOString(), escrowSealed: false };
    this.entries.push({ alert, conversationId });
    if (this.entries.length > MAX_ALERTS) this.entries.shift();
    return { alert, raised: true };
  }

  /** The conversation's address was sealed: its open alert (if still open) says so. */
  markSealed(conversationId: string): boolean {
    const entry = this.entries.find((candidate) => candidate.conversationId === conversationId);
    if (!entry) return false;
    entry.alert.escrowSealed = true;
    return true;
  }

  acknowledge(alertId: string): boolean {
    const before = this.entries.length;
    this.entries = this.entries.filter((entry) => entry.alert.alertId !== alertId);
    return this.entries.length < before;
  }
}
