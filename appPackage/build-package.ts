import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { GUID, isBareHostName } from '../bot/config-values';
import { COMMAND_LIST, readCommand } from '../bot/teams/command-list';
import { normaliseCommand } from '../bot/teams/command-text';

export const APP_PACKAGE_DIR = __dirname;

/**
 * The settings a package is built from, and which manifest field each one fills. Placeholders are
 * the toolkit's `${{NAME}}`, so the Agents Toolkit can fill the same template from env/.env.<env>.
 */
export const PACKAGE_SETTINGS = {
  TEAMS_APP_ID: { placeholder: 'TEAMS_APP_ID', field: 'id', help: 'the Teams app id (a GUID you choose once and keep)' },
  MicrosoftAppId: { placeholder: 'BOT_ID', field: 'bots[0].botId', help: "the bot's Microsoft App ID" },
  PUBLIC_HOSTNAME: {
    placeholder: 'PUBLIC_HOSTNAME',
    field: 'validDomains',
    help: 'the public host name Hallway is served on, e.g. hallway.contoso.com',
  },
  SSO_CLIENT_ID: {
    placeholder: 'SSO_CLIENT_ID',
    field: 'webApplicationInfo.id',
    help: "the Entra app (client) id the tab signs in with, the server's SSO_CLIENT_ID (the bot's MicrosoftAppId for one registration)",
  },
  APP_VERSION: { placeholder: 'APP_VERSION', field: 'version', help: 'the app version, MAJOR.MINOR.PATCH; defaults to package.json version' },
  DEVELOPER_NAME: { placeholder: 'DEVELOPER_NAME', field: 'developer.name', help: 'who publishes the app in your catalogue; defaults to Hallway' },
  DEVELOPER_WEBSITE_URL: {
    placeholder: 'DEVELOPER_WEBSITE_URL',
    field: 'developer.websiteUrl',
    help: "https URL of the app's page; defaults to https://PUBLIC_HOSTNAME/",
  },
  DEVELOPER_PRIVACY_URL: {
    placeholder: 'DEVELOPER_PRIVACY_URL',
    field: 'developer.privacyUrl',
    help: 'https URL of the privacy statement; defaults to https://PUBLIC_HOSTNAME/privacy',
  },
  DEVELOPER_TERMS_URL: {
    placeholder: 'DEVELOPER_TERMS_URL',
    field: 'developer.termsOfUseUrl',
    help: 'https URL of the terms of use; defaults to https://PUBLIC_HOSTNAME/terms',
  },
  SUPPORT_CONTACT: {
    placeholder: 'SUPPORT_CONTACT',
    field: 'description.full',
    help: 'where people get help: an https URL or an email address; defaults to the website URL',
  },
} as const;

export type PackageValues = Partial<Record<keyof typeof PACKAGE_SETTINGS, string>>;

/** What Teams accepts as an app version: MAJOR.MINOR.PATCH, numbers without leading zeros. */
const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;
const EMAIL = /^[^\s@]{1,64}@[a-z0-9-]{1,63}(\.[a-z0-9-]{1,63})+$/i;

export class PackageError extends Error {
  constructor(readonly problems: string[]) {
    super(`the Teams app package is not valid:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A Teams app manifest: JSON whose shape the official schema checks (checkSchema), not the compiler. */
// biome-ignore lint/suspicious/noExplicitAny: the schema, not TypeScript, describes the manifest
export type Manifest = Record<string, any>;

/** Fills the template's ${{NAME}} placeholders; a missing value is reported with the field it fills. */
export function fillTemplate(template: string, values: PackageValues): { manifest: Manifest; problems: string[] } {
  const problems: string[] = [];
  for (const [setting, meta] of Object.entries(PACKAGE_SETTINGS)) {
    if (!values[setting as keyof PackageValues]?.trim()) problems.push(`${setting} is not set (${meta.help}); it fills ${meta.field}`);
  }
  return { manifest: JSON.parse(fillPlaceholders(template, values, 'the manifest template', problems)), problems };
}

/** A JSON text with its ${{NAME}} placeholders filled (as JSON strings, so a value cannot break the JSON). */
function fillPlaceholders(text: string, values: PackageValues, where: string, problems: string[]): string {
  const byPlaceholder = new Map<string, string | undefined>();
  for (const [setting, meta] of Object.entries(PACKAGE_SETTINGS))
    byPlaceholder.set(meta.placeholder, values[setting as keyof PackageValues]?.trim() || undefined);
  return text.replace(/\$\{\{([A-Z_]+)\}\}/g, (whole, name: string) => {
    if (!byPlaceholder.has(name)) problems.push(`unknown placeholder ${whole} in ${where}`);
    const value = byPlaceholder.get(name);
    return value === undefined ? whole : JSON.stringify(value).slice(1, -1);
  });
}

/** Every string in the manifest with the path to it, e.g. ["bots[0].botId", "..."]. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([k, v]) => strings(v, path ? `${path}.${k}` : k));
  }
  return [];
}

/** Checks beyond the schema: what Teams rejects at upload or what would break Hallway. */
export function checkManifest(manifest: Manifest, values: PackageValues): string[] {
  const problems: string[] = [];
  for (const [path, value] of strings(manifest)) {
    if (value.includes('${{')) problems.push(`${path} still has a placeholder: ${value}`);
  }
  if (values.TEAMS_APP_ID && !GUID.test(values.TEAMS_APP_ID)) problems.push(`id: TEAMS_APP_ID must be a GUID`);
  if (values.MicrosoftAppId && !GUID.test(values.MicrosoftAppId)) problems.push('bots[0].botId: MicrosoftAppId must be a GUID');
  if (values.SSO_CLIENT_ID && !GUID.test(values.SSO_CLIENT_ID)) problems.push('webApplicationInfo.id: SSO_CLIENT_ID must be a GUID');
  if (values.APP_VERSION && !SEMVER.test(values.APP_VERSION)) {
    problems.push(`version: APP_VERSION must be a semantic version MAJOR.MINOR.PATCH such as 1.0.0 (got ${JSON.stringify(values.APP_VERSION.slice(0, 40))})`);
  }
  if (values.SUPPORT_CONTACT && !EMAIL.test(values.SUPPORT_CONTACT) && !values.SUPPORT_CONTACT.startsWith('https://')) {
    problems.push('description.full: SUPPORT_CONTACT must be an https:// URL or an email address');
  }
  if (values.PUBLIC_HOSTNAME && !isBareHostName(values.PUBLIC_HOSTNAME)) {
    problems.push('validDomains: PUBLIC_HOSTNAME must be a host name only (no scheme, port or path), e.g. hallway.contoso.com');
  }
  const botId = manifest.bots?.[0]?.botId;
  if (values.MicrosoftAppId && botId !== values.MicrosoftAppId) problems.push(`bots[0].botId (${botId}) is not the configured MicrosoftAppId`);

  const domains: string[] = manifest.validDomains ?? [];
  for (const [path, value] of strings(manifest)) {
    if (!/url$/i.test(path.split('.').at(-1) ?? '')) continue;
    if (!value.startsWith('https://')) problems.push(`${path} must be an https URL: ${value}`);
    else if (!value.includes('${{')) {
      const host = new URL(value).hostname;
      if (/Tabs\[/.test(path) && !domains.includes(host)) problems.push(`${path} is on ${host}, which is not in validDomains`);
    }
  }
  const tabs = manifest.configurableTabs ?? [];
  if (tabs.length > 1) problems.push('configurableTabs: Teams allows one configurable tab');
  return problems;
}

export type IconRules = { file: string; size: number; outline: boolean };
export const ICONS: IconRules[] = [
  { file: 'color.png', size: 192, outline: false },
  { file: 'outline.png', size: 32, outline: true },
];

/** Size and colours Teams requires: color 192x192; outline 32x32, white on transparent. */
export function checkIcon(bytes: Buffer, rules: IconRules): string[] {
  let png: PNG;
  try {
    png = PNG.sync.read(bytes);
  } catch {
    return [`icons: ${rules.file} is not a valid PNG`];
  }
  const problems: string[] = [];
  if (png.width !== rules.size || png.height !== rules.size) {
    problems.push(`icons: ${rules.file} is ${png.width}x${png.height}, must be ${rules.size}x${rules.size}`);
  }
  if (rules.outline) {
    let transparent = 0;
    let coloured = 0;
    for (let o = 0; o < png.data.length; o += 4) {
      const alpha = png.data[o + 3]!;
      if (alpha === 0) transparent++;
      else if (png.data[o]! !== 255 || png.data[o + 1]! !== 255 || png.data[o + 2]! !== 255) coloured++;
    }
    if (transparent === 0) problems.push(`icons: ${rules.file} must have a transparent background`);
    if (coloured > 0) problems.push(`icons: ${rules.file} must be white only (${coloured} pixels have colour)`);
  }
  return problems;
}

/** Checks against the official schema of the manifest's own version, bundled (offline). */
export async function checkSchema(manifest: Manifest): Promise<string[]> {
  const version = String(manifest.manifestVersion);
  let schema: object;
  try {
    schema = JSON.parse(readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.schema.json`), 'utf8'));
  } catch {
    return [`manifestVersion: no bundled schema for ${version}`];
  }
  const { AppManifestUtils } = await import('@microsoft/app-manifest');
  const errors = await AppManifestUtils.validateAgainstSchema(manifest as never, schema as never);
  return errors.map((e: string) => `schema ${version}: ${e.trim()}`);
}

export type BuiltPackage = { manifest: Manifest; zip: Buffer };

/** Builds the app package in memory; throws PackageError listing every problem found. */
export async function buildPackage(values: PackageValues, dir = APP_PACKAGE_DIR): Promise<BuiltPackage> {
  const template = readFileSync(join(dir, 'manifest.template.json'), 'utf8');
  const { manifest, problems } = fillTemplate(template, values);
  // Missing settings come first and alone: everything else they break would only repeat them.
  if (problems.length > 0) throw new PackageError(problems);
  const menuProblems = checkCommandLists(manifest);
  problems.push(...menuProblems);
  problems.push(...checkManifest(manifest, values));
  const icons = ICONS.map((rules) => {
    const bytes = readFileSync(join(dir, rules.file));
    problems.push(...checkIcon(bytes, rules));
    return { rules, bytes };
  });
  problems.push(...(await checkSchema(manifest)));
  const languages = readLocalisations(manifest, values, dir, problems);
  // The languages follow the menu: a wrong menu is reported alone, not again for each language.
  if (menuProblems.length === 0) for (const language of languages) problems.push(...(await checkLocalisation(manifest, language)));
  if (problems.length > 0) throw new PackageError([...new Set(problems)]);

  const zip = new AdmZip();
  zip.addFile('manifest.json', Buffer.from(JSON.stringify(manifest, null, 2)));
  for (const { rules, bytes } of icons) zip.addFile(rules.file, bytes);
  for (const { file, strings } of languages) zip.addFile(file, Buffer.from(JSON.stringify(strings, null, 2)));
  return { manifest, zip: zip.toBuffer() };
}

/** One additional language of the manifest: its file in the package and its strings, placeholders filled. */
export type Localisation = { languageTag: string; file: string; strings: Record<string, unknown> };

/** Where the manifest's additional languages are: appPackage/localization/<tag>.json, nothing else. */
const LOCALISATION_FILE = /^localization\/[a-z]{2,3}(-[a-z0-9]{1,8})?\.json$/i;

/** The files of the manifest's localizationInfo.additionalLanguages, read and filled like the manifest. */
function readLocalisations(manifest: Manifest, values: PackageValues, dir: string, problems: string[]): Localisation[] {
  const languages: Localisation[] = [];
  for (const [i, language] of (manifest.localizationInfo?.additionalLanguages ?? []).entries()) {
    const { languageTag, file } = language as { languageTag: string; file: string };
    const field = `localizationInfo.additionalLanguages[${i}].file`;
    if (typeof file !== 'string' || !LOCALISATION_FILE.test(file)) {
      problems.push(`${field} must be localization/<language>.json`);
      continue;
    }
    let text: string;
    try {
      text = readFileSync(join(dir, file), 'utf8');
    } catch {
      problems.push(`${field}: appPackage/${file} does not exist`);
      continue;
    }
    try {
      languages.push({ languageTag, file, strings: JSON.parse(fillPlaceholders(text, values, file, problems)) });
    } catch {
      problems.push(`${file} is not valid JSON`);
    }
  }
  return languages;
}

/**
 * The bundled localisation schema of a manifest version. A few of its property patterns close a
 * bracket they never opened (`\b]`), which the validator's regular expressions (Unicode mode)
 * refuse to compile; escaped, that `]` means what it means in the schema's own dialect: itself.
 */
function localisationSchema(version: string): object {
  const text = readFileSync(require.resolve(`@microsoft/app-manifest/build/json-schemas/teams/v${version}/MicrosoftTeams.Localization.schema.json`), 'utf8');
  return JSON.parse(text, (_key, value) =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.fromEntries(Object.entries(value).map(([name, inner]) => [name.replaceAll('\\b]', '\\b\\]'), inner]))
      : value,
  );
}

/**
 * One language's file against the bundled localisation schema of the manifest's version, and
 * against the manifest: every command of the menu has a title and a description, each title is the
 * same command in that language (what Teams inserts when it is picked is what the bot reads), and
 * no string names a command the menu does not have.
 */
export async function checkLocalisation(manifest: Manifest, { file, strings }: Localisation): Promise<string[]> {
  const version = String(manifest.manifestVersion);
  const problems: string[] = [];
  try {
    const schema = localisationSchema(version);
    const { AppManifestUtils } = await import('@microsoft/app-manifest');
    const errors = await AppManifestUtils.validateAgainstSchema(strings as never, schema as never);
    problems.push(...errors.map((e: string) => `${file}: localisation schema ${version}: ${e.trim()}`));
  } catch {
    problems.push(`${file}: no bundled localisation schema for ${version}`);
  }
  for (const [path, value] of Object.entries(strings)) {
    if (typeof value === 'string' && value.includes('${{')) problems.push(`${file}: ${path} still has a placeholder: ${value}`);
  }
  const commands = new Set<string>();
  for (const [i, list] of (manifest.bots?.[0]?.commandLists ?? []).entries()) {
    for (const [j, command] of (list.commands ?? []).entries()) {
      const at = `bots[0].commandLists[${i}].commands[${j}]`;
      commands.add(`${at}.title`).add(`${at}.description`);
      const title = strings[`${at}.title`];
      if (typeof title !== 'string' || typeof strings[`${at}.description`] !== 'string') {
        problems.push(`${file}: ${at} ("${command.title}") needs a title and a description`);
        continue;
      }
      const expected = readCommand(normaliseCommand(command.title));
      if (JSON.stringify(readCommand(normaliseCommand(title))) !== JSON.stringify(expected)) {
        problems.push(`${file}: ${at}.title "${title}" is not read as the command "${command.title}"`);
      }
    }
  }
  for (const path of Object.keys(strings)) {
    if (path.startsWith('bots[') && !commands.has(path)) problems.push(`${file}: ${path} is no command of the manifest's menu`);
  }
  return problems;
}

/**
 * The template carries the command menu itself (so the Agents Toolkit, which zips the template as
 * it is, gets it too); it must be the one bot/teams/command-list.ts declares.
 */
export function checkCommandLists(manifest: Manifest): string[] {
  const expected = commandLists();
  if (JSON.stringify(manifest.bots?.[0]?.commandLists) === JSON.stringify(expected)) return [];
  return [`bots[0].commandLists in manifest.template.json is not the command list of bot/teams/command-list.ts; set it to ${JSON.stringify(expected)}`];
}

export function commandLists() {
  const scopes = ['personal', 'team', 'groupChat'] as const;
  return scopes
    .map((scope) => ({
      scopes: [scope],
      commands: COMMAND_LIST.filter((c) => c.scopes.includes(scope)).map(({ title, description }) => ({ title, description })),
    }))
    .filter((list) => list.commands.length > 0);
}
