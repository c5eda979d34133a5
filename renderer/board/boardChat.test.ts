import { describe, expect, test } from 'vitest';
import type { BoardAlert } from '../../shared/hub/chatApi';
import { alertText, longestWaitText } from './boardText';

const alert: BoardAlert = {
  alertId: '00000000-0000-4000-8000-0000000000a1',
  kind: 'chat-emergency',
  userId: '00000000-0000-4000-8000-000000000001',
  displayName: 'Anna Jensen',
  raisedAt: '2026-03-02T13:32:00.000Z',
  escrowSealed: false,
};

describe('chat on the supervisor board', () => {
  test('an emergency names the counsellor and the local time, nothing else', () => {
    const time = new Date(alert.raisedAt).toLocaleTimeString('da-DK', { hour: '2-digit', minute: '2-digit' });
    expect(alertText('da', alert)).toBe(`Nødsituation i chat — Anna Jensen, kl. ${time}`);
    expect(alertText('en', alert)).toMatch(/^Emergency in chat — Anna Jensen, at \d{2}[:.]\d{2}$/);
  });

  test('the longest wait reads m:ss, and "–" when nobody waits', () => {
    expect(longestWaitText(null)).toBe('–');
    expect(longestWaitText(0)).toBe('0:00');
    expect(longestWaitText(125)).toBe('2:05');
  });
});
