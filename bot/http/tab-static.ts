import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { extname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Request, Response, Server } from 'restify';
import { apiText } from '../i18n/api';
import { acceptLanguageTags, negotiateLocale, type UiLocale } from '../i18n/locales';
import type { Logger } from '../log';

/** Where Teams shows tabs: only these may frame the tab or call the API from a browser. */
export const TEAMS_HOSTS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.office365.com',
  'https://*.microsoft365.com',
  'https://outlook.office.com',
];

const TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** A built file; its gzipped form is made on first request (source maps are rarely asked for). */
type Asset = { body: Buffer; gzip?: Buffer; type: string };
type PageAssets = { js: string; css?: string; preload?: string[] };
type Assets = Record<string, PageAssets>;

export type TabServing = {
  /** The tab build (`npm run build`): hashed bundles and assets.json. */
  dir: string;
  /** Local mode: the /dev host page may frame the tab from this server's own origin. */
  allowSelfFraming: boolean;
  log: Logger;
};

/** True when `origin` is one of the Teams hosts (a `*.` entry matches any subdomain). */
export function isTeamsOrigin(origin: string): boolean {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    return false;
  }
  if (url.protocol !== 'https:' || url.port) return false;
  return TEAMS_HOSTS.some((entry) => {
    const host = entry.slice('https://'.length);
    return host.startsWith('*.') ? url.hostname.endsWith(host.slice(1)) : url.hostname === host;
  });
}

/** The CSP of the tab's pages: scripts only from here, and framed only by Teams (and /dev locally). */
export function tabContentSecurityPolicy(allowSelfFraming: boolean): string {
  const ancestors = [...(allowSelfFraming ? ["'self'"] : []), ...TEAMS_HOSTS].join(' ');
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent web components and the card renderer set inline styles.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    `frame-ancestors ${ancestors}`,
  ].join('; ');
}

/** Catalogue text in HTML: written by us, escaped all the same so a translation's `&` or `<` stays text. */
const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * A page's HTML. Its `lang` is the browser's language until the script has Teams' (`app.locale`) and
 * sets `lang` and `dir` itself (tab/lib/i18n.ts).
 */
function shell(title: string, assets: PageAssets, lang: UiLocale): string {
  return `<!doctype html>
<html lang="${lang}" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title>
${assets.css ? `<link rel="stylesheet" href="/tab/assets/${assets.css}">` : ''}
${(assets.preload ?? []).map((chunk) => `<link rel="modulepreload" href="/tab/assets/${chunk}">`).join('\n')}
<script type="module" src="/tab/assets/${assets.js}"></script>
</head>
<body>
<main id="app" aria-busy="true"><p class="loading">${escapeHtml(apiText.format(lang, 'api.page.loading'))}</p></main>
</body>
</html>`;
}

/** Loads the built tab into memory (it is small) so every request is served without disk reads. */
function load(dir: string): { pages: Assets; files: Map<string, Asset> } | undefined {
  const manifest = join(dir, 'assets.json');
  if (!existsSync(manifest)) return undefined;
  const pages = JSON.parse(readFileSync(manifest, 'utf8')) as Assets;
  const files = new Map<string, Asset>();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (!type || name === 'assets.json') continue;
    const body = readFileSync(join(dir, name));
    files.set(name, { body, type });
  }
  return { pages, files };
}

/**
 * The tab: `/tab/config` and `/tab/content` (HTML, revalidated every time, so a new release shows
 * at once) and `/tab/assets/*` (content-hashed, cached for a year).
 */
export function registerTab(server: Server, serving: TabServing, extraPages: Record<string, { title: string; page: string }> = {}): void {
  const built = load(serving.dir);
  if (!built) serving.log.warn({ dir: serving.dir }, 'the tab is not built (npm run build); /tab answers 503');
  const csp = tabContentSecurityPolicy(serving.allowSelfFraming);

  const pages: Record<string, { title: string | ((lang: UiLocale) => string); page: string }> = {
    '/tab/config': { title: (lang) => apiText.format(lang, 'api.page.setUp'), page: 'config' },
    '/tab/content': { title: 'Hallway', page: 'content' },
    ...extraPages,
  };
  for (const [path, { title, page }] of Object.entries(pages)) {
    server.get(path, async (req: Request, res: Response) => {
      const assets = built?.pages[page];
      if (!assets) {
        res.writeHead(503, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' });
        res.end('The Hallway tab is not built on this server. Run npm run build, then restart.');
        return;
      }
      res.writeHead(200, {
        'content-type': 'text/html; charset=utf-8',
        'cache-control': 'no-cache',
        vary: 'accept-language',
        'content-security-policy': csp,
        'x-content-type-options': 'nosniff',
        'referrer-policy': 'strict-origin-when-cross-origin',
      });
      const lang = negotiateLocale(...acceptLanguageTags(req.header('accept-language')));
      res.end(shell(typeof title === 'string' ? title : title(lang), assets, lang));
    });
  }

  server.get('/tab/assets/:file', async (req: Request, res: Response) => {
    const asset = built?.files.get(String(req.params.file ?? ''));
    if (!asset) {
      res.send(404, { error: { code: 'NotFound', message: 'Not found.' } });
      return;
    }
    const gzip = /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    if (gzip && !asset.gzip) asset.gzip = gzipSync(asset.body, { level: 9 });
    const body = gzip ? asset.gzip! : asset.body;
    res.writeHead(200, {
      'content-type': asset.type,
      'content-length': body.length,
      'cache-control': 'public, max-age=31536000, immutable',
      'x-content-type-options': 'nosniff',
      vary: 'accept-encoding',
      ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    });
    res.end(body);
  });
}

/**
 * CORS for the tab API: a browser may call it from this server's own pages (no Origin check needed)
 * or from a Teams host; any other origin gets no CORS headers, so browsers refuse it.
 */
export function corsForApi(req: Request, res: Response): boolean {
  const origin = req.headers.origin;
  if (typeof origin !== 'string' || !isTeamsOrigin(origin)) return false;
  res.header('access-control-allow-origin', origin);
  res.header('vary', 'origin');
  res.header('access-control-allow-headers', 'authorization, content-type');
  res.header('access-control-allow-methods', 'GET, POST, PUT, DELETE');
  res.header('access-control-max-age', '600');
  return true;
}
