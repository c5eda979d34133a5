/**
 * The script a service puts on its own website (GET /chat/embed.js): a floating "Chat anonymt"
 * button that opens the hub's chat page in a panel (a frame) or, on a small screen, in a tab of
 * its own. It runs on the service's site, so it sets no cookie, stores nothing, fetches nothing,
 * and styles its elements through the DOM (a site's strict CSP would refuse a <style>). The
 * frame gets no referrer, so the hub never learns which of the site's pages the visitor was on.
 * Configuration: data- attributes on the script tag (embedOptions.ts).
 */
import { chatPageUrl, embedOptions, embedWords, opensInTab, quickExitTarget, type EmbedOptions } from './embedOptions';
import { QUICK_EXIT_MESSAGE_TYPE } from './quickExit';

/** The page's path (CHAT_PAGE_PATH), put in by the hub's build (esbuild `define`). */
declare const __TAVS_CHAT_PAGE_PATH__: string;

const FOCUS_RING = '3px solid #ffbf47';

function mount(script: HTMLScriptElement, options: EmbedOptions): void {
  const pageUrl = chatPageUrl(script.src, __TAVS_CHAT_PAGE_PATH__, options.locale);
  const words = embedWords(options.locale);
  const side = options.position;
  const panelId = `tavs-chat-panel-${Math.random().toString(36).slice(2, 10)}`;

  const launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.textContent = options.label;
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', panelId);
  Object.assign(launcher.style, {
    position: 'fixed',
    bottom: '16px',
    [side]: '16px',
    zIndex: '2147483000',
    minHeight: '44px',
    padding: '10px 20px',
    border: '2px solid #ffffff',
    borderRadius: '22px',
    background: '#0b4f8a',
    color: '#ffffff',
    font: '600 16px/1.25 system-ui, sans-serif',
    cursor: 'pointer',
    boxShadow: '0 2px 8px rgba(0, 0, 0, 0.35)',
  });
  focusRing(launcher);

  let panel: HTMLDivElement | null = null;
  let frame: HTMLIFrameElement | null = null;

  // `hidden` alone loses to the inline `display: flex`.
  const setShown = (element: HTMLElement, shown: boolean): void => {
    element.hidden = !shown;
    element.style.display = shown ? 'flex' : 'none';
  };
  const hide = (): void => {
    if (!panel) return;
    setShown(panel, false);
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  };

  const open = (): void => {
    if (opensInTab(options, window.innerWidth)) {
      window.open(pageUrl.href, '_blank', 'noopener,noreferrer');
      return;
    }
    if (!panel) [panel, frame] = buildPanel(panelId, pageUrl, words, side, hide);
    if (!panel.isConnected) document.body.append(panel);
    setShown(panel, true);
    launcher.setAttribute('aria-expanded', 'true');
    frame?.focus();
  };

  launcher.addEventListener('click', () => (panel && !panel.hidden ? hide() : open()));
  document.body.append(launcher);

  // The page's quick exit: the whole site goes, not only the frame (see chatPage.ts).
  const hubOrigin = new URL(script.src).origin;
  window.addEventListener('message', (event) => {
    if (event.origin !== hubOrigin || !frame || event.source !== frame.contentWindow) return;
    const target = quickExitTarget(event.data, QUICK_EXIT_MESSAGE_TYPE);
    if (target === null) return;
    panel?.remove();
    launcher.remove();
    window.location.replace(target);
  });
}

function buildPanel(id: string, pageUrl: URL, words: { hide: string; title: string }, side: 'left' | 'right', hide: () => void): [HTMLDivElement, HTMLIFrameElement] {
  const panel = document.createElement('div');
  panel.id = id;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-modal', 'false');
  panel.setAttribute('aria-label', words.title);
  Object.assign(panel.style, {
    position: 'fixed',
    bottom: '76px',
    [side]: '16px',
    zIndex: '2147483000',
    width: 'min(420px, calc(100vw - 32px))',
    height: 'min(680px, calc(100vh - 96px))',
    display: 'flex',
    flexDirection: 'column',
    background: '#ffffff',
    border: '1px solid #5b6770',
    borderRadius: '8px',
    boxShadow: '0 4px 16px rgba(0, 0, 0, 0.3)',
    overflow: 'hidden',
  });
  const close = document.createElement('button');
  close.type = 'button';
  close.textContent = words.hide;
  Object.assign(close.style, {
    alignSelf: 'flex-end',
    margin: '6px',
    minHeight: '36px',
    padding: '6px 12px',
    border: '1px solid #1d2a33',
    borderRadius: '4px',
    background: '#ffffff',
    color: '#1d2a33',
    font: '14px/1.25 system-ui, sans-serif',
    cursor: 'pointer',
  });
  focusRing(close);
  close.addEventListener('click', hide);
  panel.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
  const frame = document.createElement('iframe');
  frame.src = pageUrl.href;
  frame.title = words.title;
  frame.referrerPolicy = 'no-referrer';
  frame.setAttribute('allow', '');
  // Scripts and its own origin (the socket, sessionStorage); a click may take the top window to
  // the exit page. No popups, no downloads, nothing else.
  frame.setAttribute('sandbox', 'allow-scripts allow-same-origin allow-forms allow-top-navigation-by-user-activation');
  Object.assign(frame.style, { flex: '1', width: '100%', border: '0' });
  panel.append(close, frame);
  return [panel, frame];
}

/** A focus ring the site's own CSS cannot take away (an inline style wins). */
function focusRing(element: HTMLElement): void {
  element.addEventListener('focus', () => {
    element.style.outline = FOCUS_RING;
    element.style.outlineOffset = '2px';
  });
  element.addEventListener('blur', () => {
    element.style.outline = '';
    element.style.outlineOffset = '';
  });
}

const script = document.currentScript;
if (script instanceof HTMLScriptElement && script.src) {
  const options = embedOptions(script.dataset);
  if (document.body) mount(script, options);
  else document.addEventListener('DOMContentLoaded', () => mount(script, options), { once: true });
}
