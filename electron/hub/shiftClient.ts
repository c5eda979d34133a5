import type { BoardCommandResponse, BoardLogoutRequest, BoardSnapshot, BoardStateRequest } from '../../shared/hub/presenceApi';
import type { ShiftImportResponse, ShiftInput, ShiftLoginResponse, ShiftResponse, ShiftsResponse } from '../../shared/hub/shiftsApi';
import type { Logger } from '../services/logger';
import { BoardLink, type BoardLinkEvents } from './boardLink';
import type { HubConnection, SessionResult } from './hubConnection';
import { PresenceLink, type PresenceLinkEvents, type PresenceLinkOptions } from './presenceLink';

/**
 * What the workstation's shift, shift plan and board services need of the hub, under the
 * session's token (which stays in HubConnection). One object per service, so each service
 * sees only its own calls.
 */
export interface ShiftHub {
  /** POST shift-login: the current shift and its SIP credentials; 403 `outside-shift` outside one. */
  start(): Promise<SessionResult<ShiftLoginResponse>>;
  /** DELETE shift-login: the hub revokes the SIP credentials and removes the registration. */
  end(): Promise<SessionResult<unknown>>;
  presenceLink(log: Logger, events: PresenceLinkEvents, options: PresenceLinkOptions): PresenceLink;
  /** Asks the hub now whether the session holds; a 401 locks the workstation (HubConnection). */
  verifySession(): Promise<void>;
  /** Ends the hub session, best effort, without waiting. */
  endSession(): void;
}

export function shiftHubOf(connection: HubConnection): ShiftHub {
  return {
    start: () => connection.authorized((client, token) => client.startShift(token)),
    end: () => connection.authorized((client, token) => client.endShift(token)),
    presenceLink: (log, events, options) => PresenceLink.forSession(connection, log, events, options),
    verifySession: () => connection.verifySession(),
    endSession: () => connection.logout(),
  };
}

export interface ShiftPlanHub {
  list(query: { from: string; to: string }): Promise<SessionResult<ShiftsResponse>>;
  save(id: string | undefined, shift: ShiftInput): Promise<SessionResult<ShiftResponse>>;
  remove(id: string): Promise<SessionResult<unknown>>;
  importCsv(csv: string): Promise<SessionResult<ShiftImportResponse>>;
}

export function shiftPlanHubOf(connection: HubConnection): ShiftPlanHub {
  return {
    list: (query) => connection.authorized((client, token) => client.shifts(token, query)),
    save: (id, shift) => connection.authorized((client, token) => client.saveShift(token, id, shift)),
    remove: (id) => connection.authorized((client, token) => client.deleteShift(token, id)),
    importCsv: (csv) => connection.authorized((client, token) => client.importShifts(token, csv)),
  };
}

export interface BoardHub {
  snapshot(): Promise<SessionResult<BoardSnapshot>>;
  logout(userId: string, request: BoardLogoutRequest): Promise<SessionResult<BoardCommandResponse>>;
  setState(userId: string, request: BoardStateRequest): Promise<SessionResult<BoardCommandResponse>>;
  live(log: Logger, events: BoardLinkEvents): BoardLink;
  verifySession(): Promise<void>;
}

export function boardHubOf(connection: HubConnection): BoardHub {
  return {
    snapshot: () => connection.authorized((client, token) => client.board(token)),
    logout: (userId, request) => connection.authorized((client, token) => client.boardLogout(token, userId, request)),
    setState: (userId, request) => connection.authorized((client, token) => client.boardSetState(token, userId, request)),
    live: (log, events) => BoardLink.forSession(connection, log, events),
    verifySession: () => connection.verifySession(),
  };
}
