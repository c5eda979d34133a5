/**
 * The visitor's chat page (GET /chat), bundled by the hub with esbuild at start. It keeps
 * nothing but the resume token (sessionStorage), sets no cookie, loads nothing from anywhere but
 * the hub (CSP `default-src 'none'`), and renders every message as text.
 *
 * What tests (and the counsellor-flow spec) can drive — test ids, roles and Danish names:
 *   header (banner)
 *     chat-language        button "English" / "Dansk"       switches the language (Danish by default; ?lang=en starts in English)
 *     chat-quick-exit      button "Forlad siden"            quick exit (also: Escape twice within 1 s)
 *   main
 *     chat-status          role=status (polite)             "Forbinder …", "Du er nummer 2 i køen. Forventet ventetid: ca. 3 minutter.",
 *                                                           "Du er den næste i køen.", "Du skriver med en rådgiver.", "Forbindelsen blev afbrudt. …"
 *     chat-intro           region "Tal anonymt med en rådgiver"   (chat open, not started)
 *     chat-start           button "Start chat"
 *     chat-closed          region "Chatten er lukket"
 *     chat-closed-message  "Chatten er lukket nu. Vi åbner igen i morgen kl. 09:00."
 *     chat-closed-today    "I dag: Juledag"                 (today's exception label, when there is one)
 *     chat-hours           region "Åbningstider"; chat-hours-status, chat-hours-today, chat-hours-weekly (table), chat-hours-exceptions (list)
 *     chat-conversation    region "Samtale"
 *     chat-log             role=log (polite) holding <li data-testid="chat-message" data-from="visitor|counsellor|system"
 *                          data-state="pending|sent|failed">, sender "Du" / "Rådgiver", system notices in Danish
 *     chat-typing          "Rådgiveren skriver …" (polite)
 *     chat-form            the message form; chat-input textbox "Din besked"; chat-counter "12 af 2000 tegn";
 *                          chat-send button "Send" (Enter sends, Shift+Enter is a new line); chat-error role=alert
 *     chat-end             button "Afslut samtale" → chat-end-dialog (dialog "Vil du afslutte samtalen?"):
 *                          chat-end-confirm "Ja, afslut", chat-end-cancel "Nej, fortsæt"
 *     chat-ended           region "Samtalen er afsluttet"; chat-ended-message; chat-restart button "Start en ny samtale"
 *     chat-stopped         chat-stopped-message (e.g. "Chatten kan ikke nås lige nu. …"); chat-retry button "Prøv igen"
 *   footer (contentinfo)   the privacy note and the quick-exit hint
 *   <body data-quick-exit-url data-socket-path data-schedule-path>: set by the hub from its policy and the contract.
 */
import type { ChatScheduleView } from '../shared/hub/chatApi';
import { createChatView } from './chatView';
import { ConversationLog } from './conversationLog';
import type { PageState } from './pageState';
import { QUICK_EXIT_MESSAGE_TYPE, createDoubleEscape, runQuickExit, safeExitUrl } from './quickExit';
import { createTypingSignal, type Schedule } from './typingSignal';
import { parseScheduleView } from './visitorFrames';
import { VisitorSession, type SocketHandle, type SocketHandlers, type TokenStore } from './visitorSession';
import { errorKey, localeFromQuery, text } from './widgetText';

const TOKEN_KEY = 'tavs-chat-token';
/** While the page shows the hours, they are fetched again this often (the chat may open meanwhile). */
const SCHEDULE_REFRESH_MS = 60_000;
/** A counsellor's "typing" that is never followed by "stopped" fades after this. */
const TYPING_FADE_MS = 15_000;
/** Until the hub says otherwise in `welcome`: the contract's ceiling (CHAT_TEXT_MAX_CHARS). */
const DEFAULT_MAX_CHARS = 4000;

const config = document.body.dataset;
const exitUrl = safeExitUrl(config.quickExitUrl);
const socketUrl = new URL(config.socketPath ?? '/chat/socket', location.href);
socketUrl.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
const scheduleUrl = new URL(config.schedulePath ?? '/api/v1/chat/schedule', location.href);

const schedule: Schedule = (run, ms) => {
  const id = window.setTimeout(run, ms);
  return () => window.clearTimeout(id);
};

const tokens: TokenStore = {
  read: () => attempt(() => sessionStorage.getItem(TOKEN_KEY), null),
  write: (token) => attempt(() => sessionStorage.setItem(TOKEN_KEY, token), undefined),
  clear: () => attempt(() => sessionStorage.removeItem(TOKEN_KEY), undefined),
};

/** Storage can be switched off by the browser; the chat then works without resuming. */
function attempt<T>(run: () => T, fallback: T): T {
  try {
    return run();
  } catch {
    return fallback;
  }
}

function connect(handlers: SocketHandlers): SocketHandle {
  let socket: WebSocket;
  try {
    socket = new WebSocket(socketUrl.href);
  } catch {
    const cancel = schedule(() => handlers.close(1006), 0);
    return { send: () => undefined, close: cancel };
  }
  socket.addEventListener('open', () => handlers.open());
  socket.addEventListener('message', (event: MessageEvent<unknown>) => handlers.message(event.data));
  socket.addEventListener('close', (event) => handlers.close(event.code));
  return {
    send: (data) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(data);
    },
    close: (code) => socket.close(code),
  };
}

function newClientId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const state: PageState = {
  locale: localeFromQuery(location.search),
  phase: 'idle',
  stopReason: null,
  endedBy: null,
  schedule: null,
  scheduleFailed: false,
  queue: null,
  maxMessageChars: DEFAULT_MAX_CHARS,
  counsellorTyping: false,
  hasLog: false,
};
const log = new ConversationLog();
let cancelTypingFade: (() => void) | null = null;

const view = createChatView(document.body, {
  start: () => startConversation(),
  retry: () => startConversation(),
  submit: (raw) => submit(raw),
  typed: () => typingSignal.input(),
  leave: () => session.leave(),
  quickExit: () => quickExit(),
  switchLanguage: () => {
    state.locale = state.locale === 'da' ? 'en' : 'da';
    render();
    view.rebuildLog(log.entries);
  },
});
const render = (): void => view.render(state);

const session = new VisitorSession(
  { connect, tokens, schedule, random: Math.random, newClientId },
  {
    phase(phase, reason) {
      const before = state.phase;
      state.phase = phase;
      state.stopReason = reason;
      if (phase !== 'queued') state.queue = null;
      if (phase !== 'active') {
        typingSignal.stop();
        state.counsellorTyping = false;
      }
      render();
      if (phase === 'queued' && before === 'connecting') view.focus('composer');
      if (phase === 'stopped') view.focus('stopped');
      if (phase === 'closed' && state.schedule?.open !== false) void loadSchedule();
    },
    welcome(maxMessageChars) {
      state.maxMessageChars = maxMessageChars;
      render();
    },
    queue(position, estimatedWaitSeconds) {
      state.queue = { position, estimatedWaitSeconds };
      render();
    },
    closed(scheduleView) {
      if (scheduleView) state.schedule = scheduleView;
      render();
    },
    message(message, clientId) {
      view.upsertEntry(log.receive(message, clientId));
      state.hasLog = true;
      if (message.from === 'counsellor') state.counsellorTyping = false;
      render();
    },
    typing(typing) {
      state.counsellorTyping = typing;
      cancelTypingFade?.();
      cancelTypingFade = typing
        ? schedule(() => {
            state.counsellorTyping = false;
            render();
          }, TYPING_FADE_MS)
        : null;
      render();
    },
    refused(code, clientId, returned) {
      view.composerError(text(state.locale, errorKey(code)));
      if (clientId === null) return;
      const entry = log.entries.find((candidate) => candidate.clientId === clientId);
      if (!entry) return;
      if (returned !== null && view.composerText().trim() === '') {
        // Back into the box: the visitor can shorten it or wait, and nothing typed is lost.
        log.remove(entry.id);
        view.removeEntry(entry.id);
        view.setComposerText(returned);
      } else {
        const failed = log.markFailed(clientId);
        if (failed) view.upsertEntry(failed);
      }
    },
    ended(by) {
      state.endedBy = by;
      render();
      view.focus('ended');
    },
  },
);

const typingSignal = createTypingSignal((typing) => session.typing(typing), schedule, () => Date.now());

function startConversation(): void {
  if (!session.hasStoredToken()) {
    log.clear();
    view.clearConversation();
    state.hasLog = false;
  }
  state.endedBy = null;
  state.maxMessageChars = DEFAULT_MAX_CHARS;
  session.start();
}

function submit(raw: string): void {
  const sent = session.send(raw);
  if (!sent.ok) {
    if (sent.reason === 'empty') view.composerError(text(state.locale, 'composer.empty'));
    if (sent.reason === 'too-long') view.composerError(text(state.locale, 'composer.tooLong', { count: raw.trim().length, max: state.maxMessageChars }));
    return;
  }
  typingSignal.stop();
  view.upsertEntry(log.addPending(sent.clientId, sent.text));
  state.hasLog = true;
  view.setComposerText('');
  view.composerError('');
  render();
}

function quickExit(): void {
  runQuickExit(exitUrl, {
    leaveConversation: () => session.quickExit(),
    wipeStorage: () => sessionStorage.clear(),
    clearPage: () => {
      log.clear();
      view.clearConversation();
      document.body.replaceChildren();
      document.title = '';
    },
    tellEmbedder: (url) => {
      if (window.parent !== window) window.parent.postMessage({ type: QUICK_EXIT_MESSAGE_TYPE, url }, '*');
    },
    replaceLocation: (url) => {
      // Framed (embed.ts): the whole site leaves, not only the frame. A cross-origin frame may
      // navigate the top window after a click; when the browser refuses, the frame itself goes.
      // Escape is no user activation, so after Escape twice the browser may refuse; embed.ts then
      // leaves on our message. The frame itself leaves either way.
      if (window.top !== null && window.top !== window) {
        try {
          window.top.location.replace(url);
        } catch {
          // The embedder's own replace (tellEmbedder) covers it.
        }
      }
      location.replace(url);
    },
  });
}

async function loadSchedule(): Promise<void> {
  try {
    const response = await fetch(scheduleUrl.href, { credentials: 'omit', cache: 'no-store', referrerPolicy: 'no-referrer', headers: { accept: 'application/json' } });
    const parsed: ChatScheduleView | null = response.ok ? parseScheduleView(await response.json()) : null;
    if (parsed) state.schedule = parsed;
    state.scheduleFailed = parsed === null;
  } catch {
    state.scheduleFailed = true;
  }
  render();
}

const doubleEscape = createDoubleEscape(() => Date.now());
document.addEventListener('keydown', (event) => {
  if (doubleEscape(event.key)) {
    event.preventDefault();
    quickExit();
  }
});
window.addEventListener('online', () => session.retryNow());
window.setInterval(() => {
  if (state.phase === 'idle' || state.phase === 'closed') void loadSchedule();
}, SCHEDULE_REFRESH_MS);

render();
void loadSchedule();
// A reload (or a tab restored after a crash) goes on with the conversation it had.
if (session.hasStoredToken()) session.start();
