/**
 * `npm run package [-- --env-file <file>]`: builds appPackage/build/hallway.zip (manifest.json and
 * the two icons at its root) and validates it first. Values come from the environment, or from
 * an env file (KEY=value lines), the environment winning.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APP_PACKAGE_DIR, buildPackage, PackageError, PACKAGE_SETTINGS, type PackageValues } from './build-package';

export function parseEnvFile(text: string): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const match = line.match(/^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$/);
    if (!match || line.trim().startsWith('#')) continue;
    values[match[1]!] = match[2]!.replace(/^(['"])(.*)\1$/, '$2');
  }
  return values;
}

/** The package settings from a file and the environment, with their defaults applied. */
export function packageValues(env: NodeJS.ProcessEnv, fileValues: Record<string, string> = {}): PackageValues {
  const values: PackageValues = {};
  for (const key of Object.keys(PACKAGE_SETTINGS) as (keyof PackageValues)[]) {
    values[key] = env[key]?.trim() || fileValues[key]?.trim() || undefined;
  }
  values.SSO_APP_ID ??= values.MicrosoftAppId;
  values.APP_VERSION ??= JSON.parse(readFileSync(join(APP_PACKAGE_DIR, '..', 'package.json'), 'utf8')).version;
  return values;
}

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--env-file');
  const envFile = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !envFile) {
    console.error('--env-file needs a path, e.g. npm run package -- --env-file .env');
    return 2;
  }
  const fileValues = envFile ? parseEnvFile(readFileSync(resolve(envFile), 'utf8')) : {};
  try {
    const { manifest, zip } = await buildPackage(packageValues(process.env, fileValues));
    const out = join(APP_PACKAGE_DIR, 'build');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2));
    writeFileSync(join(out, 'hallway.zip'), zip);
    console.log(
      `wrote appPackage/build/hallway.zip (manifest ${manifest.manifestVersion}, app ${manifest.id}, version ${manifest.version}); upload it in Teams`,
    );
    return 0;
  } catch (error) {
    if (error instanceof PackageError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => process.exit(code));
}
