/**
 * Names of every request and pushed event between renderer and main process, `service:method`.
 *
 * Kept apart from the schemas so the sandboxed preload can check a channel name without
 * bundling the validator. `schemas.ts` must cover exactly these names (enforced by its types).
 */
export const requestChannels = [
  'app:info',
  'settings:get',
  'settings:setLocale',
  'session:get',
  'session:login',
  'session:logout',
  'connection:get',
  'softphone:config',
  'sip:connect',
  'sip:disconnect',
  'sip:send',
  'call:flagEmergency',
  'records:status',
  'records:policy',
  'records:startDraft',
  'records:saveDraft',
  'records:submit',
  'records:listShift',
  'sync:status',
  'statistics:get',
  'statistics:export',
  'shift:get',
  'presence:report',
  'presence:setAway',
  'presence:setAvailable',
  'board:get',
  'board:logout',
  'board:setState',
  'shifts:list',
  'shifts:save',
  'shifts:delete',
  'shifts:import',
  'chat:state',
  'chat:accept',
  'chat:decline',
  'chat:send',
  'chat:typing',
  'chat:markRead',
  'chat:end',
  'chat:dismiss',
  'chat:transferTargets',
  'chat:transfer',
  'chat:escalate',
  'chat:block',
  'chat:cannedReplies',
  'chatSettings:get',
  'chatSettings:saveCannedReplies',
  'chatSettings:saveSchedule',
  'board:acknowledgeAlert',
] as const;

export const eventChannels = [
  'session:changed',
  'connection:changed',
  'sip:message',
  'sip:transport',
  'call:info',
  'call:refused',
  'sync:status',
  'shift:changed',
  'board:changed',
  'chat:changed',
] as const;

export type RequestChannel = (typeof requestChannels)[number];
export type EventChannel = (typeof eventChannels)[number];

const requestSet: ReadonlySet<string> = new Set(requestChannels);
const eventSet: ReadonlySet<string> = new Set(eventChannels);

export function isRequestChannel(name: unknown): name is RequestChannel {
  return typeof name === 'string' && requestSet.has(name);
}

export function isEventChannel(name: unknown): name is EventChannel {
  return typeof name === 'string' && eventSet.has(name);
}
