/**
 * `npm run package [-- --env-file <file>]`: builds appPackage/build/hallway.zip (manifest.json and
 * the two icons at its root) and validates it first. Values come from the environment, or from
 * an env file (KEY=value lines), the environment winning.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { resolveSsoClientId } from '../bot/config';
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
  values.SSO_CLIENT_ID = ssoClientId(env, fileValues);
  values.APP_VERSION ??= JSON.parse(readFileSync(join(APP_PACKAGE_DIR, '..', 'package.json'), 'utf8')).version;
  // Today's catalogue entry, unless the organisation brands its own.
  values.DEVELOPER_NAME ??= 'Hallway';
  if (values.PUBLIC_HOSTNAME) {
    values.DEVELOPER_WEBSITE_URL ??= `https://${values.PUBLIC_HOSTNAME}/`;
    values.DEVELOPER_PRIVACY_URL ??= `https://${values.PUBLIC_HOSTNAME}/privacy`;
    values.DEVELOPER_TERMS_URL ??= `https://${values.PUBLIC_HOSTNAME}/terms`;
  }
  values.SUPPORT_CONTACT ??= values.DEVELOPER_WEBSITE_URL;
  return values;
}

/** SSO_CLIENT_ID, or its old name SSO_APP_ID while it agrees (the server reads it the same way). */
function ssoClientId(env: NodeJS.ProcessEnv, fileValues: Record<string, string>): string | undefined {
  const read = (key: string) => env[key]?.trim() || fileValues[key]?.trim() || undefined;
  const sso = resolveSsoClientId({ SSO_CLIENT_ID: read('SSO_CLIENT_ID'), SSO_APP_ID: read('SSO_APP_ID') });
  if (sso.error) throw new PackageError([sso.error]);
  if (sso.deprecated) console.warn('SSO_APP_ID is deprecated: rename it SSO_CLIENT_ID (one setting for the package and the server).');
  return sso.value;
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
