import type { LogEntry } from './conversationLog';
import { h, setText, show } from './dom';
import { LogView } from './logView';
import { openingHoursText } from './openingHours';
import { endedWording, statusLine, stopWording, visibleSections, type PageState } from './pageState';
import { text, type TextKey, type WidgetLocale } from './widgetText';

/** What the page's controls ask for; chatPage.ts answers. */
export interface ChatViewHandlers {
  start: () => void;
  retry: () => void;
  submit: (text: string) => void;
  typed: () => void;
  leave: () => void;
  quickExit: () => void;
  switchLanguage: () => void;
}

export interface ChatView {
  render(state: PageState): void;
  upsertEntry(entry: LogEntry): void;
  removeEntry(id: number): void;
  /** After a language switch: every entry again, in the new language. */
  rebuildLog(entries: readonly LogEntry[]): void;
  composerText(): string;
  setComposerText(value: string): void;
  /** An error about the message box (too long, refused); '' clears it. */
  composerError(message: string): void;
  focus(target: 'composer' | 'ended' | 'stopped' | 'start'): void;
  /** Quick exit and a new conversation: the conversation's every trace leaves the DOM. */
  clearConversation(): void;
}

/**
 * Builds the page inside `body` (landmarks: banner, main, contentinfo) and renders a PageState
 * into it. Static strings are bound to catalogue keys so the language toggle rewrites them all.
 */
export function createChatView(body: HTMLElement, handlers: ChatViewHandlers): ChatView {
  let state: PageState | null = null;
  const bound: [HTMLElement, TextKey][] = [];
  const bind = <E extends HTMLElement>(element: E, key: TextKey): E => {
    bound.push([element, key]);
    return element;
  };
  const button = (testId: string, key: TextKey, className: string, onClick: () => void): HTMLButtonElement => {
    const element = bind(h('button', { type: 'button', class: className, 'data-testid': testId }), key);
    element.addEventListener('click', onClick);
    return element;
  };

  const languageButton = button('chat-language', 'page.switchLanguage', 'language', handlers.switchLanguage);
  const quickExitButton = button('chat-quick-exit', 'quickExit.button', 'quick-exit', handlers.quickExit);
  quickExitButton.setAttribute('aria-describedby', 'quick-exit-hint');
  const header = h('header', { class: 'top-bar' }, bind(h('h1', { class: 'title' }), 'page.title'), h('div', { class: 'top-actions' }, languageButton, quickExitButton));

  const status = h('p', { role: 'status', class: 'status', 'data-testid': 'chat-status' });

  const intro = h(
    'section',
    { class: 'panel', 'data-testid': 'chat-intro', 'aria-labelledby': 'intro-heading' },
    bind(h('h2', { id: 'intro-heading' }), 'intro.heading'),
    bind(h('p'), 'intro.body'),
    button('chat-start', 'intro.start', 'primary', handlers.start),
  );

  const closedMessage = h('p', { 'data-testid': 'chat-closed-message' });
  const closedToday = h('p', { class: 'today', 'data-testid': 'chat-closed-today' });
  const closed = h('section', { class: 'panel closed', 'data-testid': 'chat-closed', 'aria-labelledby': 'closed-heading' }, bind(h('h2', { id: 'closed-heading' }), 'closed.heading'), closedMessage, closedToday);

  const hoursStatus = h('p', { 'data-testid': 'chat-hours-status' });
  const hoursToday = h('p', { class: 'today', 'data-testid': 'chat-hours-today' });
  const hoursRows = h('tbody');
  const hoursTable = h('table', { class: 'hours-table', 'data-testid': 'chat-hours-weekly' }, bind(h('caption', { class: 'visually-hidden' }), 'hours.heading'), hoursRows);
  const exceptionsHeading = bind(h('h3'), 'hours.exceptions');
  const exceptionsList = h('ul', { class: 'exceptions', 'data-testid': 'chat-hours-exceptions' });
  const hours = h(
    'section',
    { class: 'panel', 'data-testid': 'chat-hours', 'aria-labelledby': 'hours-heading' },
    bind(h('h2', { id: 'hours-heading' }), 'hours.heading'),
    hoursStatus,
    hoursToday,
    hoursTable,
    exceptionsHeading,
    exceptionsList,
  );

  const logList = h('ol', { class: 'log-list' });
  const logView = new LogView(logList);
  const typing = h('p', { class: 'typing', 'data-testid': 'chat-typing', 'aria-live': 'polite' });
  const input = h('textarea', { id: 'chat-input', rows: '3', 'data-testid': 'chat-input', 'aria-describedby': 'chat-input-hint chat-counter chat-error' });
  const counter = h('p', { id: 'chat-counter', class: 'counter', 'data-testid': 'chat-counter' });
  const error = h('p', { id: 'chat-error', class: 'error', role: 'alert', 'data-testid': 'chat-error' });
  const composer = h(
    'form',
    { class: 'composer', 'data-testid': 'chat-form', novalidate: '' },
    bind(h('label', { for: 'chat-input' }), 'composer.label'),
    bind(h('p', { id: 'chat-input-hint', class: 'hint' }), 'composer.hint'),
    input,
    h('div', { class: 'composer-row' }, counter, bind(h('button', { type: 'submit', class: 'primary', 'data-testid': 'chat-send' }), 'composer.send')),
    error,
  );
  const dialog = h(
    'dialog',
    { class: 'confirm', 'data-testid': 'chat-end-dialog', 'aria-labelledby': 'end-title', 'aria-describedby': 'end-body' },
    bind(h('h2', { id: 'end-title' }), 'end.confirm.title'),
    bind(h('p', { id: 'end-body' }), 'end.confirm.body'),
    h(
      'div',
      { class: 'dialog-actions' },
      button('chat-end-confirm', 'end.confirm.yes', 'danger', () => {
        dialog.close();
        handlers.leave();
      }),
      button('chat-end-cancel', 'end.confirm.no', 'secondary', () => dialog.close()),
    ),
  );
  const endButton = button('chat-end', 'end.button', 'secondary end', () => {
    dialog.showModal();
    dialog.querySelector<HTMLButtonElement>('[data-testid="chat-end-cancel"]')?.focus();
  });
  const conversation = h(
    'section',
    { class: 'conversation', 'data-testid': 'chat-conversation', 'aria-labelledby': 'conversation-heading' },
    bind(h('h2', { id: 'conversation-heading', class: 'visually-hidden' }), 'conversation.heading'),
    h('div', { class: 'log', role: 'log', 'aria-live': 'polite', 'aria-labelledby': 'conversation-heading', 'data-testid': 'chat-log' }, logList),
    typing,
    composer,
    endButton,
  );

  const endedHeading = bind(h('h2', { id: 'ended-heading', tabindex: '-1' }), 'ended.heading');
  const endedMessage = h('p', { 'data-testid': 'chat-ended-message' });
  const ended = h('section', { class: 'panel', 'data-testid': 'chat-ended', 'aria-labelledby': 'ended-heading' }, endedHeading, endedMessage, button('chat-restart', 'ended.again', 'primary', handlers.start));

  const stoppedMessage = h('p', { 'data-testid': 'chat-stopped-message', tabindex: '-1' });
  const retryButton = h('button', { type: 'button', class: 'primary', 'data-testid': 'chat-retry' });
  retryButton.addEventListener('click', handlers.retry);
  const stopped = h('section', { class: 'panel', 'data-testid': 'chat-stopped' }, stoppedMessage, retryButton);

  const main = h('main', { id: 'chat-main' }, status, intro, closed, hours, conversation, ended, stopped, dialog);
  const footer = h('footer', { class: 'footer' }, bind(h('p'), 'footer.privacy'), bind(h('p', { id: 'quick-exit-hint' }), 'footer.quickExit'));
  body.replaceChildren(header, main, footer);

  composer.addEventListener('submit', (event) => {
    event.preventDefault();
    handlers.submit(input.value);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && !event.altKey && !event.ctrlKey && !event.metaKey) {
      event.preventDefault();
      composer.requestSubmit();
    }
  });
  input.addEventListener('input', () => {
    updateCounter();
    handlers.typed();
  });

  let renderedLocale: WidgetLocale | null = null;
  const updateCounter = (): void => {
    if (!state) return;
    const count = input.value.trim().length;
    setText(counter, text(state.locale, 'composer.counter', { count, max: state.maxMessageChars }));
    const over = count > state.maxMessageChars;
    counter.classList.toggle('over', over);
    if (over) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  };

  const renderHours = (next: PageState): void => {
    if (next.schedule === null) {
      setText(hoursStatus, next.scheduleFailed ? text(next.locale, 'hours.unavailable') : '');
      show(hoursToday, false);
      show(hoursTable, false);
      show(exceptionsHeading, false);
      show(exceptionsList, false);
      setText(closedMessage, text(next.locale, 'error.closed'));
      show(closedToday, false);
      return;
    }
    const worded = openingHoursText(next.locale, next.schedule, new Date());
    // Closed: the closed panel says it (with today's label), the hours panel only lists the hours.
    setText(closedMessage, worded.status);
    setText(closedToday, worded.today ?? '');
    show(closedToday, worded.today !== null);
    setText(hoursStatus, worded.weekly === null || next.schedule.open ? worded.status : '');
    show(hoursStatus, next.schedule.open || worded.weekly === null);
    setText(hoursToday, worded.today ?? '');
    show(hoursToday, next.schedule.open && worded.today !== null);
    show(hoursTable, worded.weekly !== null);
    hoursRows.replaceChildren(...(worded.weekly ?? []).map((row) => h('tr', {}, h('th', { scope: 'row' }, row.day), h('td', {}, row.hours))));
    show(exceptionsHeading, worded.exceptions.length > 0);
    show(exceptionsList, worded.exceptions.length > 0);
    exceptionsList.replaceChildren(...worded.exceptions.map((exception) => h('li', {}, `${exception.date}${exception.label ? ` (${exception.label})` : ''}: ${exception.hours}`)));
  };

  return {
    render(next) {
      const localeChanged = renderedLocale !== next.locale;
      state = next;
      if (localeChanged) {
        renderedLocale = next.locale;
        document.documentElement.lang = next.locale;
        document.title = text(next.locale, 'page.title');
        for (const [element, key] of bound) setText(element, text(next.locale, key));
        languageButton.lang = next.locale === 'da' ? 'en' : 'da';
      }
      const sections = visibleSections(next);
      show(intro, sections.has('intro'));
      show(closed, sections.has('closed'));
      show(hours, sections.has('hours'));
      show(conversation, sections.has('conversation'));
      show(composer, sections.has('composer'));
      show(endButton, sections.has('composer'));
      show(ended, sections.has('ended'));
      show(stopped, sections.has('stopped'));
      setText(status, statusLine(next));
      setText(typing, next.counsellorTyping && next.phase === 'active' ? text(next.locale, 'typing.counsellor') : '');
      renderHours(next);
      setText(endedMessage, text(next.locale, endedWording(next.endedBy)));
      const stop = stopWording(next.stopReason);
      setText(stoppedMessage, text(next.locale, stop.message));
      setText(retryButton, text(next.locale, stop.action));
      updateCounter();
    },
    upsertEntry(entry) {
      if (state) logView.upsert(entry, state.locale);
    },
    removeEntry(id) {
      logView.remove(id);
    },
    composerText: () => input.value,
    setComposerText(value) {
      input.value = value;
      updateCounter();
    },
    composerError(message) {
      setText(error, message);
    },
    focus(target) {
      const element = { composer: input, ended: endedHeading, stopped: stoppedMessage, start: intro.querySelector('button') }[target];
      element?.focus();
    },
    clearConversation() {
      if (dialog.open) dialog.close();
      logView.clear();
      input.value = '';
      setText(error, '');
      setText(typing, '');
      updateCounter();
    },
    rebuildLog(entries) {
      if (state) logView.rebuild(entries, state.locale);
    },
  };
}
