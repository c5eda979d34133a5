import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { CHAT_PAGE_PATH, CHAT_SCHEDULE_PATH, CHAT_SCRIPT_PATH, CHAT_VISITOR_SOCKET_PATH } from '../../../shared/hub/chatApi';
import type { ChatPolicy } from '../policy/hubPolicy';

/** The page's style sheet: a file, because the page's CSP allows no inline style. */
export const CHAT_STYLE_PATH = '/chat/chat.css';

/** The visitor widget's sources (the widget/ layer at the repository's root). */
const widgetDir = fileURLToPath(new URL('../../../widget/', import.meta.url));

export interface WidgetBundles {
  /** The page's script (widget/chatPage.ts). */
  script: string;
  /** The embed script for the service's site (widget/embed.ts). */
  embed: string;
  style: string;
  /** widget/chatPage.html, its placeholders still in. */
  pageTemplate: string;
}

let bundles: Promise<WidgetBundles> | null = null;

/**
 * Bundles the widget once per process and keeps it in memory: every hub built in this process
 * (tests build many) serves the same bytes. A failed build is not kept, so the next hub retries.
 */
export function widgetBundles(): Promise<WidgetBundles> {
  bundles ??= bundleWidget().catch((error: unknown) => {
    bundles = null;
    throw error;
  });
  return bundles;
}

async function bundleWidget(): Promise<WidgetBundles> {
  const result = await build({
    absWorkingDir: widgetDir,
    entryPoints: { chat: 'chatPage.ts', embed: 'embed.ts', style: 'chatPage.css' },
    outdir: 'out',
    bundle: true,
    write: false,
    minify: true,
    format: 'iife',
    target: 'es2020',
    platform: 'browser',
    charset: 'utf8',
    legalComments: 'none',
    logLevel: 'silent',
    define: { __TAVS_CHAT_PAGE_PATH__: JSON.stringify(CHAT_PAGE_PATH) },
  });
  const output = (name: string): string => {
    const file = result.outputFiles.find((candidate) => candidate.path.endsWith(`/out/${name}`));
    if (!file) throw new Error(`the widget bundle has no ${name}`);
    return file.text;
  };
  return {
    script: output('chat.js'),
    embed: output('embed.js'),
    style: output('style.css'),
    pageTemplate: await fs.readFile(path.join(widgetDir, 'chatPage.html'), 'utf8'),
  };
}

/** The page for this hub: the policy's quick-exit address and the contract's paths filled in, escaped. */
export function renderChatPage(template: string, chat: Pick<ChatPolicy, 'quickExitUrl'>): string {
  const values: Record<string, string> = {
    quickExitUrl: chat.quickExitUrl,
    socketPath: CHAT_VISITOR_SOCKET_PATH,
    schedulePath: CHAT_SCHEDULE_PATH,
    scriptPath: CHAT_SCRIPT_PATH,
    stylePath: CHAT_STYLE_PATH,
  };
  return template.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`chatPage.html: unknown placeholder ${whole}`);
    return escapeAttribute(value);
  });
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
