// Serves the caller simulator and the test counsellor page on 127.0.0.1
// (http://127.0.0.1 is a secure context, so getUserMedia works). The pages
// are bundled with esbuild in memory at start; nothing is written to disk.
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SipAccountConfig } from './pageApi.js';

const here = dirname(fileURLToPath(import.meta.url));
const pages = ['caller', 'counsellor'] as const;
type PageName = (typeof pages)[number];
const isPage = (name: string | undefined): name is PageName => pages.includes(name as PageName);

export interface SipPages {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  callerUrl: string;
  counsellorUrl: string;
  stop(): Promise<void>;
}

export interface SipPagesOptions {
  /** If given, the caller page connects with it on load (demo use): served as caller/config.json. */
  callerConfig?: SipAccountConfig;
  /** Default 0: any free port. */
  port?: number;
}

async function bundle(): Promise<Map<string, string>> {
  const result = await build({
    entryPoints: Object.fromEntries(pages.map((p) => [p, join(here, p, `${p}.ts`)])),
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'chrome110',
    sourcemap: 'inline',
    outdir: 'out',
    logLevel: 'warning',
  });
  return new Map(result.outputFiles.map((f) => [f.path.split('/').pop()!, f.text]));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

export async function startSipPages(options: SipPagesOptions = {}): Promise<SipPages> {
  const scripts = await bundle();
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    const [, page, file = ''] = path.split('/');
    if (path === '/favicon.ico') return send(res, 204, 'image/x-icon', '');
    if (path === '/') {
      return send(res, 200, 'text/html', pages.map((p) => `<p><a href="/${p}/">${p}</a></p>`).join(''));
    }
    if (!isPage(page)) return send(res, 404, 'text/plain', 'not found');
    if (file === '' || file === 'index.html') {
      return send(res, 200, 'text/html; charset=utf-8', readFileSync(join(here, page, 'index.html'), 'utf8'));
    }
    if (file === `${page}.js`) return send(res, 200, 'text/javascript', scripts.get(file) ?? '');
    if (page === 'caller' && file === 'config.json') {
      // null: no account here, the page waits to be driven (a 404 would log a console error).
      return send(res, 200, 'application/json', JSON.stringify(options.callerConfig ?? null));
    }
    return send(res, 404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const url = `http://127.0.0.1:${port}/`;
  return {
    url,
    callerUrl: `${url}caller/`,
    counsellorUrl: `${url}counsellor/`,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
