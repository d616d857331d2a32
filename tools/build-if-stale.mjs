/**
 * `npm start` runs this first: it builds only when the build is missing or older than a source, so
 * a fresh clone builds once (`npm install && npm start`), an edit is picked up, and a built, pruned
 * deployment (no sources, no build tools) starts at once. Plain JavaScript: it must run before
 * anything is built and without devDependencies.
 */
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..');
/** What the server needs from the build: its entry and the tab's bundles. */
const OUTPUTS = ['dist/bot/main.js', 'dist/tab/assets.json'];
/** What the build is made from. */
const SOURCES = ['bot', 'tab', 'tsconfig.json', 'tsconfig.build.json', 'package-lock.json'];

/** The newest modification time under `path` (0 when it is absent). */
function newest(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let latest = 0;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules') continue;
    latest = Math.max(latest, newest(join(path, entry)));
  }
  return latest;
}

const outputs = OUTPUTS.map((file) => join(root, file));
const built = outputs.every((file) => existsSync(file)) ? Math.min(...outputs.map((file) => statSync(file).mtimeMs)) : 0;
const source = Math.max(...SOURCES.map((path) => newest(join(root, path))));

if (built > 0 && built >= source) process.exit(0);
if (!existsSync(join(root, 'node_modules', '.bin', 'tsc'))) {
  if (built > 0) process.exit(0); // sources present but no build tools: run what was built
  console.error('Hallway is not built and the build tools are not installed: run `npm ci && npm run build` first.');
  process.exit(1);
}
console.error(built > 0 ? 'Sources changed since the last build: building…' : 'First start: building…');
try {
  execSync('npm run build', { cwd: root, stdio: 'inherit' });
} catch {
  process.exit(1); // the build has said what failed
}
