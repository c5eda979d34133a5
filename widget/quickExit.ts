/**
 * "Forlad siden": someone may walk in on the visitor. One press (or Escape twice) must tell the
 * hub, leave no trace of the conversation in the tab, and put a harmless page in the tab's place
 * so that Back does not bring the chat back (location.replace, not a new history entry).
 */

/** Escape twice within this counts as the quick exit (a single Escape closes dialogs as usual). */
export const DOUBLE_ESCAPE_MS = 1_000;

/** The message the page posts to the embedding site (embed.ts), which then leaves the site too. */
export const QUICK_EXIT_MESSAGE_TYPE = 'tavs-chat:quick-exit';

export interface QuickExitSteps {
  /** Sends `leave` if connected and closes the socket. */
  leaveConversation(): void;
  /** Empties the session storage (the resume token lives there). */
  wipeStorage(): void;
  /** Removes the conversation from the DOM. */
  clearPage(): void;
  /** Tells an embedding page (if framed) to leave as well. */
  tellEmbedder(url: string): void;
  /** Replaces this tab's (or the top window's) location. */
  replaceLocation(url: string): void;
}

/**
 * Runs every step, each on its own: a step that throws (a storage the browser blocks, a socket
 * already gone) must not keep the visitor on the page.
 */
export function runQuickExit(exitUrl: string, steps: QuickExitSteps): void {
  const attempt = (step: () => void): void => {
    try {
      step();
    } catch {
      // The next step still runs; leaving the page is what matters.
    }
  };
  attempt(() => steps.leaveConversation());
  attempt(() => steps.wipeStorage());
  attempt(() => steps.clearPage());
  attempt(() => steps.tellEmbedder(exitUrl));
  steps.replaceLocation(exitUrl);
}

/** The exit URL from the page's data attribute: only http(s), anything else leaves to a blank page. */
export function safeExitUrl(candidate: string | undefined): string {
  if (!candidate) return 'about:blank';
  try {
    const url = new URL(candidate);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : 'about:blank';
  } catch {
    return 'about:blank';
  }
}

/** Counts Escape presses: true on the second within DOUBLE_ESCAPE_MS. */
export function createDoubleEscape(now: () => number): (key: string) => boolean {
  let last = -Infinity;
  return (key) => {
    if (key !== 'Escape') {
      last = -Infinity;
      return false;
    }
    const at = now();
    const second = at - last <= DOUBLE_ESCAPE_MS;
    last = second ? -Infinity : at;
    return second;
  };
}
