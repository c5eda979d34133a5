import { describe, expect, test } from 'vitest';
import type { SessionState } from '../../shared/contract/schemas';
import type { ChatScheduleView } from '../../shared/hub/chatApi';
import type { ChatSettingsHub } from '../hub/chatClient';
import type { HubFailure } from '../hub/hubClient';
import { capturingLogger } from '../store/testing/storeTestKit';
import { ChatSettingsService } from './chatSettingsService';

// Roles and the meaning of the hub's answers; the hub's own routes are tested in hub/src/chat,
// and this service against them in integration/chat.

const view: ChatScheduleView = { schedule: { weekly: null, exceptions: [] }, timeZone: 'Europe/Copenhagen', open: true, nextChange: null, todayLabel: null };
const refused = (status: number, error: 'invalid-request' | 'not-found' | 'forbidden'): { ok: false; failure: HubFailure } => ({
  ok: false,
  failure: { kind: 'refused', status, error, retryAfterMs: null },
});

function service(role: 'counsellor' | 'supervisor' | 'administrator' | null, hub: Partial<ChatSettingsHub> = {}) {
  const calls: string[] = [];
  const full: ChatSettingsHub = {
    cannedReplies: () => Promise.resolve({ ok: true, value: { replies: [{ title: 'Velkomst', text: 'Hej' }] } }),
    saveCannedReplies: (input) => {
      calls.push('saveCannedReplies');
      return Promise.resolve({ ok: true, value: { replies: input.replies } });
    },
    schedule: () => Promise.resolve({ ok: true, value: view }),
    saveSchedule: () => {
      calls.push('saveSchedule');
      return Promise.resolve({ ok: true, value: view });
    },
    acknowledgeAlert: () => {
      calls.push('acknowledgeAlert');
      return Promise.resolve({ ok: true, value: null });
    },
    ...hub,
  };
  const session: SessionState = role ? { status: 'active', role, displayName: 'X' } : { status: 'locked' };
  return { settings: new ChatSettingsService(full, () => session, capturingLogger()), calls };
}

describe('ChatSettingsService', () => {
  test('supervisors and administrators read the canned replies and the opening hours together', async () => {
    for (const role of ['supervisor', 'administrator'] as const) {
      expect(await service(role).settings.get()).toEqual({ ok: true, value: { replies: [{ title: 'Velkomst', text: 'Hej' }], schedule: view } });
    }
    expect(await service('counsellor').settings.get()).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await service(null).settings.get()).toMatchObject({ ok: false, error: { code: 'not-logged-in' } });
  });

  test('only administrators save; a supervisor is refused before anything is sent', async () => {
    const supervisor = service('supervisor');
    expect(await supervisor.settings.saveCannedReplies({ replies: [] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await supervisor.settings.saveSchedule({ weekly: null, exceptions: [] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(supervisor.calls).toEqual([]);
    const administrator = service('administrator');
    expect(await administrator.settings.saveCannedReplies({ replies: [{ title: 'Afslutning', text: 'Tak' }] })).toEqual({
      ok: true,
      value: { replies: [{ title: 'Afslutning', text: 'Tak' }] },
    });
    expect(await administrator.settings.saveSchedule({ weekly: null, exceptions: [] })).toEqual({ ok: true, value: view });
  });

  test("the hub's refusal of the settings is `invalid-chat-settings`", async () => {
    const { settings } = service('administrator', { saveSchedule: () => Promise.resolve(refused(400, 'invalid-request')) });
    expect(await settings.saveSchedule({ weekly: null, exceptions: [] })).toMatchObject({ ok: false, error: { code: 'invalid-chat-settings' } });
  });

  test('an alert acknowledged by someone else first is acknowledged; a counsellor may not', async () => {
    const gone = service('supervisor', { acknowledgeAlert: () => Promise.resolve(refused(404, 'not-found')) });
    expect(await gone.settings.acknowledgeAlert('0b5a4f8e-3f55-4a8e-9d1e-2f6f7b1c9a01')).toEqual({ ok: true, value: {} });
    const forbidden = service('supervisor', { acknowledgeAlert: () => Promise.resolve(refused(403, 'forbidden')) });
    expect(await forbidden.settings.acknowledgeAlert('0b5a4f8e-3f55-4a8e-9d1e-2f6f7b1c9a01')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await service('counsellor').settings.acknowledgeAlert('0b5a4f8e-3f55-4a8e-9d1e-2f6f7b1c9a01')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });
});
