/**
 * Bundles the tab's pages with esbuild into content-hashed files plus `assets.json`, which the
 * server reads to write each page's HTML. Hashed names let browsers cache them for a year.
 *   tsx tab/build.ts [outDir]   (default dist/tab)
 */
import { build, type Metafile } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';

/** The pages of the tab: the configuration page, the content page, and the local host page (/dev). */
export const TAB_PAGES = ['config', 'content', 'dev-host'] as const;
export type TabPage = (typeof TAB_PAGES)[number];
/**
 * Per page: its entry script, its stylesheet, the shared chunks it imports at once (preloaded), and
 * every chunk it may load (for its download size).
 */
export type TabAssets = Record<TabPage, { js: string; css?: string; preload: string[]; all: string[] }>;

export async function buildTab(outDir = resolve(__dirname, '..', 'dist', 'tab'), options: { minify?: boolean } = {}): Promise<TabAssets> {
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  const result = await build({
    entryPoints: Object.fromEntries(TAB_PAGES.map((page) => [page, join(__dirname, 'pages', `${page}.ts`)])),
    outdir: outDir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    target: ['chrome110', 'edge110', 'safari16', 'firefox110'],
    minify: options.minify ?? true,
    sourcemap: 'linked',
    metafile: true,
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: join(__dirname, 'tsconfig.json'),
  });
  const server = serverInputs(result.metafile);
  if (server.length) throw new Error(`the tab bundles server code (import only types from bot/): ${server.join(', ')}`);
  const assets = assetsOf(result.metafile, outDir);
  await writeFile(join(outDir, 'assets.json'), JSON.stringify(assets, null, 2));
  return assets;
}

function assetsOf(metafile: Metafile, outDir: string): TabAssets {
  const assets: Partial<TabAssets> = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint || !file.endsWith('.js')) continue;
    const page = basename(output.entryPoint, '.ts') as TabPage;
    // Dynamically imported modules get entry-like chunks of their own; only pages are listed.
    if (!TAB_PAGES.includes(page)) continue;
    const preload = output.imports.filter((i) => i.kind === 'import-statement' && i.path.endsWith('.js')).map((i) => basename(i.path));
    assets[page] = {
      js: basename(file),
      css: output.cssBundle ? basename(output.cssBundle) : undefined,
      preload,
      all: reachable(metafile, file),
    };
  }
  for (const page of TAB_PAGES) if (!assets[page]) throw new Error(`tab build produced no bundle for ${page} in ${outDir}`);
  return assets as TabAssets;
}

/** Files of the server bundled into the tab; the tab may import the server's types, never its code. */
export function serverInputs(metafile: Metafile): string[] {
  const bot = resolve(__dirname, '..', 'bot');
  // The message runtime (bot/i18n/*.ts, not the bot's catalogues) and the list of languages are pure and shared with the tab.
  const shared = resolve(bot, 'i18n');
  const language = resolve(bot, 'domain', 'language.ts');
  return Object.keys(metafile.inputs).filter((input) => {
    const path = resolve(input);
    if (relative(bot, path).startsWith('..') || path === language) return false;
    return !(relative(shared, path).split(/[\\/]/).length === 1 && path.endsWith('.ts'));
  });
}

/** The script and every chunk it imports, statically or dynamically, transitively. */
function reachable(metafile: Metafile, file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return [];
  seen.add(file);
  for (const i of metafile.outputs[file]?.imports ?? []) if (i.path.endsWith('.js')) reachable(metafile, i.path, seen);
  return [...seen].map((f) => basename(f));
}

if (require.main === module) {
  buildTab(process.argv[2] ? resolve(process.argv[2]) : undefined).then(
    (assets) =>
      console.log(
        `tab built: ${Object.values(assets)
          .map((a) => a.js)
          .join(', ')}`,
      ),
    (error) => {
      console.error(error);
      process.exit(1);
    },
  );
}
