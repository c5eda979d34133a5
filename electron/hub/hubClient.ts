import http from 'node:http';
import https from 'node:https';
import WebSocket from 'ws';
import { z } from 'zod';
import {
  CURRENT_SESSION_PATH,
  SESSIONS_PATH,
  loginResponseSchema,
  sessionUserSchema,
  type LoginRequest,
  type LoginResponse,
  type SessionUser,
} from '../../shared/hub/accountsApi';
import {
  CONTACTS_PATH,
  CONTACT_KEYS_PATH,
  contactKeysResponseSchema,
  contactSightingResponseSchema,
  type ContactKeysResponse,
  type ContactSightingRequest,
  type ContactSightingResponse,
} from '../../shared/hub/contactsApi';
import { hubErrorBodySchema, type HubErrorBody, type HubErrorCode } from '../../shared/hub/hubErrors';
import {
  BOARD_LOGOUT_PATH,
  BOARD_PATH,
  BOARD_STATE_PATH,
  boardCommandResponseSchema,
  boardCounsellorPath,
  boardSnapshotSchema,
  type BoardCommandResponse,
  type BoardLogoutRequest,
  type BoardSnapshot,
  type BoardStateRequest,
} from '../../shared/hub/presenceApi';
import {
  SHIFTS_PATH,
  SHIFT_IMPORT_PATH,
  SHIFT_LOGIN_PATH,
  shiftImportResponseSchema,
  shiftLoginResponseSchema,
  shiftPath,
  shiftResponseSchema,
  shiftsResponseSchema,
  type ShiftImportResponse,
  type ShiftInput,
  type ShiftLoginResponse,
  type ShiftResponse,
  type ShiftsResponse,
} from '../../shared/hub/shiftsApi';
import {
  STATISTICS_EXPORT_PATH,
  STATISTICS_PATH,
  statisticsReportSchema,
  type StatisticsExportQuery,
  type StatisticsQuery,
  type StatisticsReport,
} from '../../shared/hub/statisticsApi';
import { SYNC_BATCH_PATH, syncBatchResponseSchema, type SyncBatchRequest, type SyncBatchResponse } from '../../shared/hub/syncApi';
import type { HubConfig } from './hubConfig';

/**
 * Why a hub request did not give an answer the caller can use. The split matters to callers:
 * `network`, `timeout` and `server` say nothing about the request (try again later), `refused`
 * is the hub's considered answer to it (a 4xx with its error code), `malformed` is a 2xx whose
 * body is not what the contract promises (so nothing in it may be trusted).
 */
export type HubFailure =
  | { kind: 'network'; code: string }
  | { kind: 'timeout' }
  | { kind: 'server'; status: number }
  /** `issues`: where a refused request was wrong, when the hub says (a CSV import: one per bad line). */
  | { kind: 'refused'; status: number; error: HubErrorCode; retryAfterMs: number | null; issues?: HubErrorBody['issues'] }
  | { kind: 'malformed'; status: number };

export type HubResult<T> = { ok: true; value: T } | { ok: false; failure: HubFailure };

export interface HubTimeouts {
  loginMs: number;
  logoutMs: number;
  syncMs: number;
  healthMs: number;
  /** Returning-contact look-ups run while a phone rings: they must be short. */
  contactsMs: number;
  /** A statistics report or export counts a whole period on the hub (up to a year). */
  statisticsMs: number;
  /** The shift plan and the supervisor board (an import checks up to 5,000 lines). */
  shiftsMs: number;
}

export const defaultHubTimeouts: HubTimeouts = {
  loginMs: 10_000,
  logoutMs: 3_000,
  syncMs: 20_000,
  healthMs: 5_000,
  contactsMs: 1_500,
  statisticsMs: 60_000,
  shiftsMs: 20_000,
};

/** The opening handshake of a hub WebSocket (presence, board). */
const SOCKET_HANDSHAKE_MS = 10_000;
/** No hub message on its sockets comes near this (a board of a few thousand counsellors does not). */
const SOCKET_MAX_PAYLOAD = 4 * 1024 * 1024;

/** The hub's unauthenticated liveness route (hub/src/buildHub.ts). */
const HEALTH_PATH = '/api/v1/health';
const healthSchema = z.object({ status: z.literal('ok') });

/** No hub answer this client reads is anywhere near this; a larger body is refused unread. */
const MAX_RESPONSE_BYTES = 1024 * 1024;
/** A year's statistics export (an hour row per channel and day) stays well below this. */
const MAX_DOWNLOAD_BYTES = 16 * 1024 * 1024;

/** What a failed status means when the body is not the hub's `{error, message}` (a proxy's page, say). */
const errorOfStatus: Record<number, HubErrorCode> = {
  400: 'invalid-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  409: 'conflict',
  413: 'too-large',
  429: 'rate-limited',
};

interface RequestSpec<T> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  path: string;
  token?: string;
  body?: unknown;
  /** Validates a 2xx body; `null` stands for an empty body (204). */
  schema: z.ZodType<T>;
  timeoutMs: number;
  /** Cancels the request early (for example, a caller's own deadline). */
  signal?: AbortSignal;
  /** Largest answer read; default MAX_RESPONSE_BYTES. */
  maxBytes?: number;
}

/** A GET whose 2xx answer is a file (its bytes, as they came); refusals are read as JSON errors. */
type DownloadSpec = Omit<RequestSpec<never>, 'method' | 'body' | 'schema'>;

/**
 * The hub's JSON API, typed by the shared contract (shared/hub/*). Every answer is validated
 * before anyone reads it, and every request has a deadline.
 *
 * The bearer token is a parameter of each call: it is held by HubConnection in this process
 * only, and this client neither logs it nor keeps it. Requests go over node:http(s) rather than
 * the global fetch because a service's private CA (hub.json `caCertificate`) must apply to
 * these requests alone, which Node's built-in fetch cannot do without the undici package.
 */
export class HubClient {
  private readonly agent: http.Agent;
  readonly timeouts: HubTimeouts;

  constructor(
    private readonly config: HubConfig,
    timeouts: Partial<HubTimeouts> = {},
  ) {
    this.timeouts = { ...defaultHubTimeouts, ...timeouts };
    const secure = config.baseUrl.startsWith('https:');
    this.agent = secure ? new https.Agent({ keepAlive: true, ...(config.ca ? { ca: config.ca } : {}) }) : new http.Agent({ keepAlive: true });
  }

  health(): Promise<HubResult<{ status: 'ok' }>> {
    return this.request({ method: 'GET', path: HEALTH_PATH, schema: healthSchema, timeoutMs: this.timeouts.healthMs });
  }

  login(credentials: LoginRequest): Promise<HubResult<LoginResponse>> {
    return this.request({ method: 'POST', path: SESSIONS_PATH, body: credentials, schema: loginResponseSchema, timeoutMs: this.timeouts.loginMs });
  }

  logout(token: string): Promise<HubResult<unknown>> {
    return this.request({ method: 'DELETE', path: CURRENT_SESSION_PATH, token, schema: z.unknown(), timeoutMs: this.timeouts.logoutMs });
  }

  /** The session's user while it holds; 401 once it expired or was revoked. */
  currentSession(token: string): Promise<HubResult<SessionUser>> {
    return this.request({ method: 'GET', path: CURRENT_SESSION_PATH, token, schema: sessionUserSchema, timeoutMs: this.timeouts.healthMs });
  }

  sendBatch(token: string, batch: SyncBatchRequest): Promise<HubResult<SyncBatchResponse>> {
    return this.request({ method: 'POST', path: SYNC_BATCH_PATH, token, body: batch, schema: syncBatchResponseSchema, timeoutMs: this.timeouts.syncMs });
  }

  contactKeys(token: string, signal?: AbortSignal): Promise<HubResult<ContactKeysResponse>> {
    return this.request({ method: 'GET', path: CONTACT_KEYS_PATH, token, schema: contactKeysResponseSchema, timeoutMs: this.timeouts.contactsMs, signal });
  }

  recordSighting(token: string, sighting: ContactSightingRequest, signal?: AbortSignal): Promise<HubResult<ContactSightingResponse>> {
    return this.request({
      method: 'POST',
      path: CONTACTS_PATH,
      token,
      body: sighting,
      schema: contactSightingResponseSchema,
      timeoutMs: this.timeouts.contactsMs,
      signal,
    });
  }

  /** The anonymous statistics of a period (supervisors and administrators). */
  statistics(token: string, query: StatisticsQuery): Promise<HubResult<StatisticsReport>> {
    const path = `${STATISTICS_PATH}?${new URLSearchParams({ from: query.from, to: query.to }).toString()}`;
    return this.request({ method: 'GET', path, token, schema: statisticsReportSchema, timeoutMs: this.timeouts.statisticsMs });
  }

  /** The same report as the hub's CSV or XLSX file. */
  statisticsExport(token: string, query: StatisticsExportQuery): Promise<HubResult<Buffer>> {
    const path = `${STATISTICS_EXPORT_PATH}?${new URLSearchParams({ from: query.from, to: query.to, format: query.format }).toString()}`;
    return this.download({ path, token, timeoutMs: this.timeouts.statisticsMs, maxBytes: MAX_DOWNLOAD_BYTES });
  }

  /** Starts the counsellor's shift: its times, the shift's own SIP credentials, presence timing. */
  startShift(token: string): Promise<HubResult<ShiftLoginResponse>> {
    return this.request({ method: 'POST', path: SHIFT_LOGIN_PATH, token, schema: shiftLoginResponseSchema, timeoutMs: this.timeouts.loginMs });
  }

  /** Ends the shift login: the hub revokes its SIP credentials and removes the registration. */
  endShift(token: string): Promise<HubResult<unknown>> {
    return this.request({ method: 'DELETE', path: SHIFT_LOGIN_PATH, token, schema: z.unknown(), timeoutMs: this.timeouts.logoutMs });
  }

  shifts(token: string, query: { from: string; to: string }): Promise<HubResult<ShiftsResponse>> {
    const path = `${SHIFTS_PATH}?${new URLSearchParams({ from: query.from, to: query.to }).toString()}`;
    return this.request({ method: 'GET', path, token, schema: shiftsResponseSchema, timeoutMs: this.timeouts.shiftsMs });
  }

  /** A new shift (no id) or a changed one. */
  saveShift(token: string, id: string | undefined, shift: ShiftInput): Promise<HubResult<ShiftResponse>> {
    return this.request({
      method: id === undefined ? 'POST' : 'PUT',
      path: id === undefined ? SHIFTS_PATH : shiftPath(id),
      token,
      body: shift,
      schema: shiftResponseSchema,
      timeoutMs: this.timeouts.shiftsMs,
    });
  }

  deleteShift(token: string, id: string): Promise<HubResult<unknown>> {
    return this.request({ method: 'DELETE', path: shiftPath(id), token, schema: z.unknown(), timeoutMs: this.timeouts.shiftsMs });
  }

  importShifts(token: string, csv: string): Promise<HubResult<ShiftImportResponse>> {
    return this.request({ method: 'POST', path: SHIFT_IMPORT_PATH, token, body: { csv }, schema: shiftImportResponseSchema, timeoutMs: this.timeouts.shiftsMs });
  }

  board(token: string): Promise<HubResult<BoardSnapshot>> {
    return this.request({ method: 'GET', path: BOARD_PATH, token, schema: boardSnapshotSchema, timeoutMs: this.timeouts.shiftsMs });
  }

  boardLogout(token: string, userId: string, request: BoardLogoutRequest): Promise<HubResult<BoardCommandResponse>> {
    const path = boardCounsellorPath(BOARD_LOGOUT_PATH, userId);
    return this.request({ method: 'POST', path, token, body: request, schema: boardCommandResponseSchema, timeoutMs: this.timeouts.shiftsMs });
  }

  boardSetState(token: string, userId: string, request: BoardStateRequest): Promise<HubResult<BoardCommandResponse>> {
    const path = boardCounsellorPath(BOARD_STATE_PATH, userId);
    return this.request({ method: 'POST', path, token, body: request, schema: boardCommandResponseSchema, timeoutMs: this.timeouts.shiftsMs });
  }

  /**
   * Opens one of the hub's WebSockets (presence, board) with the session's token on the upgrade,
   * trusting the same CA as every other request. The caller owns the socket from here.
   */
  openSocket(path: string, token: string): WebSocket {
    const url = this.config.baseUrl.replace(/^http/, 'ws') + path;
    return new WebSocket(url, {
      headers: { authorization: `Bearer ${token}` },
      handshakeTimeout: SOCKET_HANDSHAKE_MS,
      maxPayload: SOCKET_MAX_PAYLOAD,
      perMessageDeflate: false,
      followRedirects: false,
      ...(this.config.ca ? { ca: this.config.ca } : {}),
    });
  }

  /** Closes idle keep-alive connections. */
  dispose(): void {
    this.agent.destroy();
  }

  async request<T>(spec: RequestSpec<T>): Promise<HubResult<T>> {
    const sent = await this.send(spec);
    return sent.ok ? interpret(sent.value, spec.schema) : sent;
  }

  async download(spec: DownloadSpec): Promise<HubResult<Buffer>> {
    const sent = await this.send({ ...spec, method: 'GET' });
    if (!sent.ok) return sent;
    const { status, body } = sent.value;
    return status >= 200 && status < 300 ? { ok: true, value: body } : interpret(sent.value, z.never());
  }

  private async send(spec: Omit<RequestSpec<unknown>, 'schema'>): Promise<HubResult<RawResponse>> {
    const deadline = AbortSignal.timeout(spec.timeoutMs);
    const signal = spec.signal ? AbortSignal.any([deadline, spec.signal]) : deadline;
    try {
      return { ok: true, value: await exchange(new URL(this.config.baseUrl + spec.path), spec, this.agent, signal) };
    } catch (error) {
      if (signal.aborted) return { ok: false, failure: { kind: 'timeout' } };
      return { ok: false, failure: { kind: 'network', code: networkCode(error) } };
    }
  }
}

interface RawResponse {
  status: number;
  retryAfter: string | undefined;
  body: Buffer;
}

function exchange(url: URL, spec: Omit<RequestSpec<unknown>, 'schema'>, agent: http.Agent, signal: AbortSignal): Promise<RawResponse> {
  const body = spec.body === undefined ? undefined : JSON.stringify(spec.body);
  const headers: http.OutgoingHttpHeaders = { accept: 'application/json' };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  if (spec.token) headers.authorization = `Bearer ${spec.token}`;
  const send = url.protocol === 'https:' ? https.request : http.request;
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(new Error('aborted'));
      return;
    }
    const request = send(url, { method: spec.method, headers, agent }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > (spec.maxBytes ?? MAX_RESPONSE_BYTES)) {
          request.destroy(new Error('response too large'));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        signal.removeEventListener('abort', abort);
        resolve({ status: response.statusCode ?? 0, retryAfter: header(response.headers['retry-after']), body: Buffer.concat(chunks) });
      });
      response.on('error', reject);
      response.on('aborted', () => reject(new Error('response aborted')));
    });
    // The deadline covers the whole exchange, reading the answer included.
    const abort = (): void => {
      request.destroy(new Error('aborted'));
    };
    signal.addEventListener('abort', abort, { once: true });
    request.on('error', (error) => {
      signal.removeEventListener('abort', abort);
      reject(error);
    });
    request.end(body);
  });
}

function interpret<T>(response: RawResponse, schema: z.ZodType<T>): HubResult<T> {
  const { status } = response;
  if (status >= 500) return { ok: false, failure: { kind: 'server', status } };
  const json = parseJson(response.body.toString('utf8'));
  if (status >= 200 && status < 300) {
    const parsed = json.ok ? schema.safeParse(json.value) : null;
    return parsed?.success ? { ok: true, value: parsed.data } : { ok: false, failure: { kind: 'malformed', status } };
  }
  if (status >= 400) {
    const body = hubErrorBodySchema.safeParse(json.ok ? json.value : null);
    const error = body.success ? body.data.error : (errorOfStatus[status] ?? 'invalid-request');
    const issues = body.success ? body.data.issues : undefined;
    return { ok: false, failure: { kind: 'refused', status, error, retryAfterMs: retryAfterMs(response.retryAfter), ...(issues ? { issues } : {}) } };
  }
  // 1xx/3xx: the hub never redirects; following one could send the token elsewhere.
  return { ok: false, failure: { kind: 'malformed', status } };
}

/** An empty body (204) reads as null. */
function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false };
  }
}

function header(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Retry-After in seconds (the hub's form) or as an HTTP date. */
function retryAfterMs(value: string | undefined): number | null {
  if (!value) return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function networkCode(error: unknown): string {
  const code = error && typeof error === 'object' && 'code' in error ? error.code : undefined;
  return typeof code === 'string' && /^[A-Z0-9_]{1,64}$/.test(code) ? code : 'unknown';
}

/** A failure as a short, fixed description for a log line (never a URL, header or body). */
export function describeFailure(failure: HubFailure): string {
  switch (failure.kind) {
    case 'network':
      return `network:${failure.code}`;
    case 'timeout':
      return 'timeout';
    case 'server':
      return `server:${failure.status}`;
    case 'refused':
      return `refused:${failure.status}:${failure.error}`;
    case 'malformed':
      return `malformed:${failure.status}`;
  }
}
