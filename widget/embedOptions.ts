import type { WidgetLocale } from './widgetText';

/**
 * What a service sets on the embed script's tag:
 *   <script src="https://hub.example/chat/embed.js" data-lang="da" data-label="Chat anonymt"
 *           data-position="right" data-open="auto" referrerpolicy="no-referrer" async></script>
 * (`referrerpolicy` keeps even the site's page from the hub; the page's frame never sends one.)
 *   data-lang      da (default) | en — the button's and the page's language
 *   data-label     the button's text (default "Chat anonymt"; at most 40 characters)
 *   data-position  right (default) | left — the corner the button sits in
 *   data-open      auto (default: a panel with the page in a frame, a new tab on screens
 *                  narrower than 600 px) | frame | tab
 */
export interface EmbedOptions {
  locale: WidgetLocale;
  label: string;
  position: 'right' | 'left';
  open: 'auto' | 'frame' | 'tab';
}

const MAX_LABEL_CHARS = 40;
/** Below this a panel would cover the whole site anyway: the page gets a tab of its own. */
export const SMALL_SCREEN_PX = 600;

const embedText: Record<WidgetLocale, { launcher: string; hide: string; title: string }> = {
  da: { launcher: 'Chat anonymt', hide: 'Skjul chatten', title: 'Anonym chat' },
  en: { launcher: 'Chat anonymously', hide: 'Hide the chat', title: 'Anonymous chat' },
};

export function embedOptions(dataset: Record<string, string | undefined>): EmbedOptions {
  const locale: WidgetLocale = dataset.lang === 'en' ? 'en' : 'da';
  const label = (dataset.label ?? '').trim().slice(0, MAX_LABEL_CHARS);
  return {
    locale,
    label: label || embedText[locale].launcher,
    position: dataset.position === 'left' ? 'left' : 'right',
    open: dataset.open === 'frame' || dataset.open === 'tab' ? dataset.open : 'auto',
  };
}

export function opensInTab(options: EmbedOptions, viewportWidth: number): boolean {
  return options.open === 'tab' || (options.open === 'auto' && viewportWidth < SMALL_SCREEN_PX);
}

export function embedWords(locale: WidgetLocale): { hide: string; title: string } {
  return embedText[locale];
}

/** The page's address next to the script's, in the script's language. */
export function chatPageUrl(scriptSrc: string, pagePath: string, locale: WidgetLocale): URL {
  const url = new URL(pagePath, scriptSrc);
  if (locale === 'en') url.searchParams.set('lang', 'en');
  return url;
}

/** The exit address a quick-exit message carries, if it is one we follow (http(s) only). */
export function quickExitTarget(data: unknown, messageType: string): string | null {
  if (typeof data !== 'object' || data === null) return null;
  const { type, url } = data as { type?: unknown; url?: unknown };
  if (type !== messageType || typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}
