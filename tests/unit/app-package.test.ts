import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AdmZip from 'adm-zip';
import { PNG } from 'pngjs';
import { APP_PACKAGE_DIR, buildPackage, checkSchema, PackageError, type PackageValues } from '../../appPackage/build-package';
import { readCommand } from '../../bot/teams/command-list';
import { normaliseCommand } from '../../bot/teams/command-text';
import { packageValues, parseEnvFile } from '../../appPackage/package';

const example = (): PackageValues => packageValues({}, parseEnvFile(readFileSync(join(APP_PACKAGE_DIR, 'example.env'), 'utf8')));

/** A scratch copy of appPackage/ to break on purpose. */
function scratch(edit: (dir: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'hallway-package-'));
  for (const file of ['manifest.template.json', 'color.png', 'outline.png', 'localization'])
    cpSync(join(APP_PACKAGE_DIR, file), join(dir, file), { recursive: true });
  edit(dir);
  return dir;
}

function editTemplate(dir: string, change: (manifest: any) => void) {
  const path = join(dir, 'manifest.template.json');
  const manifest = JSON.parse(readFileSync(path, 'utf8'));
  change(manifest);
  writeFileSync(path, JSON.stringify(manifest));
}

async function problemsOf(values: PackageValues, dir?: string): Promise<string[]> {
  try {
    await buildPackage(values, dir);
  } catch (error) {
    if (error instanceof PackageError) return error.problems;
    throw error;
  }
  return [];
}

describe('the Teams app package', () => {
  let dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    dirs = [];
  });
  const broken = (edit: (dir: string) => void) => {
    const dir = scratch(edit);
    dirs.push(dir);
    return dir;
  };

  test('built with the example values, it holds the manifest and both icons at its root, the languages beside them, and passes the official schema', async () => {
    const { zip } = await buildPackage(example());
    const entries = new AdmZip(zip).getEntries();
    expect(entries.map((e) => e.entryName).sort()).toEqual([
      'color.png',
      'localization/de.json',
      'localization/es.json',
      'localization/fr.json',
      'localization/ja.json',
      'manifest.json',
      'outline.png',
    ]);
    const manifest = JSON.parse(
      entries
        .find((e) => e.entryName === 'manifest.json')!
        .getData()
        .toString('utf8'),
    );
    // The newest manifest version the bundled validator has a schema for.
    expect(manifest.manifestVersion).toBe('1.30');
    expect(manifest.$schema).toContain('/v1.30/');
    expect(await checkSchema(manifest)).toEqual([]);
    const color = PNG.sync.read(entries.find((e) => e.entryName === 'color.png')!.getData());
    const outline = PNG.sync.read(entries.find((e) => e.entryName === 'outline.png')!.getData());
    expect([color.width, color.height, outline.width, outline.height]).toEqual([192, 192, 32, 32]);
  });

  test('the manifest asks for what Hallway needs: the bot in all three scopes, one tab with the meeting contexts, meeting events, SSO', async () => {
    const { manifest } = await buildPackage(example());
    expect(manifest.bots).toHaveLength(1);
    expect(manifest.bots[0].botId).toBe('00000000-0000-0000-0000-00000000b0b0');
    expect(manifest.bots[0].scopes.sort()).toEqual(['groupChat', 'personal', 'team']);
    expect(manifest.configurableTabs).toHaveLength(1);
    expect(manifest.configurableTabs[0].context).toEqual(
      expect.arrayContaining(['channelTab', 'privateChatTab', 'meetingChatTab', 'meetingDetailsTab', 'meetingSidePanel']),
    );
    expect(manifest.authorization.permissions.resourceSpecific.map((p: any) => p.name).sort()).toEqual([
      'ChannelMeeting.ReadBasic.Group',
      'OnlineMeeting.ReadBasic.Chat',
    ]);
    expect(manifest.webApplicationInfo).toEqual({
      id: '00000000-0000-0000-0000-00000000b0b0',
      resource: 'api://hallway.example.com/00000000-0000-0000-0000-00000000b0b0',
    });
    expect(manifest.validDomains).toEqual(['hallway.example.com']);
    const commands = manifest.bots[0].commandLists.flatMap((l: any) => l.commands.map((c: any) => c.title));
    expect(commands).toContain('check-in');
    expect(commands).toContain('help');
  });

  test('a missing bot id stops the build with a message naming the setting and the field', async () => {
    const problems = await problemsOf({ ...example(), MicrosoftAppId: undefined, SSO_CLIENT_ID: 'aaaaaaaa-0000-0000-0000-000000000001' });
    expect(problems).toEqual([expect.stringMatching(/^MicrosoftAppId is not set .*bots\[0\]\.botId/)]);
  });

  test('a value that is not a GUID or a host name is refused by name', async () => {
    const problems = await problemsOf({ ...example(), TEAMS_APP_ID: 'hallway', PUBLIC_HOSTNAME: 'https://hallway.example.com/' });
    expect(problems.join('\n')).toMatch(/TEAMS_APP_ID must be a GUID/);
    expect(problems.join('\n')).toMatch(/PUBLIC_HOSTNAME must be a host name only/);
  });

  test('a broken manifest fails the official schema, naming the field', async () => {
    const dir = broken((d) =>
      editTemplate(d, (m) => {
        m.description.short = 'x'.repeat(81);
        m.bots[0].scopes = ['groupchat'];
      }),
    );
    const problems = await problemsOf(example(), dir);
    expect(problems.some((p) => p.includes('/description/short'))).toBe(true);
    expect(problems.some((p) => p.includes('/bots/0/scopes/0'))).toBe(true);
  });

  test('a tab URL on a host outside validDomains, or a plain http URL, is refused', async () => {
    const dir = broken((d) =>
      editTemplate(d, (m) => {
        m.configurableTabs[0].configurationUrl = 'https://elsewhere.example.net/config';
        m.developer.privacyUrl = 'http://${{PUBLIC_HOSTNAME}}/privacy';
      }),
    );
    const problems = (await problemsOf(example(), dir)).join('\n');
    expect(problems).toMatch(/configurableTabs\[0\]\.configurationUrl is on elsewhere\.example\.net, which is not in validDomains/);
    expect(problems).toMatch(/developer\.privacyUrl must be an https URL/);
  });

  test('a bot id other than the configured app id is refused', async () => {
    const dir = broken((d) => editTemplate(d, (m) => (m.bots[0].botId = '11111111-1111-1111-1111-111111111111')));
    expect((await problemsOf(example(), dir)).join('\n')).toMatch(/bots\[0\]\.botId .* is not the configured MicrosoftAppId/);
  });

  test('icons of the wrong size, or an outline icon that is not white on transparent, are refused', async () => {
    const dir = broken((d) => {
      writeFileSync(join(d, 'color.png'), PNG.sync.write(new PNG({ width: 96, height: 96 })));
      const outline = new PNG({ width: 32, height: 32 });
      outline.data.fill(255);
      outline.data[0] = 10; // one red-ish pixel, no transparency anywhere
      writeFileSync(join(d, 'outline.png'), PNG.sync.write(outline));
    });
    const problems = (await problemsOf(example(), dir)).join('\n');
    expect(problems).toMatch(/color\.png is 96x96, must be 192x192/);
    expect(problems).toMatch(/outline\.png must have a transparent background/);
    expect(problems).toMatch(/outline\.png must be white only/);
  });

  test('the catalogue entry is branded from settings: developer name, website, privacy, terms and support', async () => {
    const { manifest } = await buildPackage({
      ...example(),
      DEVELOPER_NAME: 'Contoso IT',
      DEVELOPER_WEBSITE_URL: 'https://intranet.contoso.com/hallway',
      DEVELOPER_PRIVACY_URL: 'https://intranet.contoso.com/privacy',
      DEVELOPER_TERMS_URL: 'https://intranet.contoso.com/terms',
      SUPPORT_CONTACT: 'helpdesk@contoso.com',
    });
    expect(manifest.developer).toEqual({
      name: 'Contoso IT',
      websiteUrl: 'https://intranet.contoso.com/hallway',
      privacyUrl: 'https://intranet.contoso.com/privacy',
      termsOfUseUrl: 'https://intranet.contoso.com/terms',
    });
    expect(manifest.description.full).toMatch(/Help and support: helpdesk@contoso\.com$/);
  });

  test("unbranded, the catalogue entry is today's: Hallway, with its pages on the public host", async () => {
    const id = 'aaaaaaaa-0000-0000-0000-000000000001';
    const values = packageValues({
      TEAMS_APP_ID: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f',
      MicrosoftAppId: id,
      SSO_CLIENT_ID: id,
      PUBLIC_HOSTNAME: 'hallway.contoso.com',
    });
    const { manifest } = await buildPackage(values);
    expect(manifest.developer).toEqual({
      name: 'Hallway',
      websiteUrl: 'https://hallway.contoso.com/',
      privacyUrl: 'https://hallway.contoso.com/privacy',
      termsOfUseUrl: 'https://hallway.contoso.com/terms',
    });
    expect(manifest.description.full).toMatch(/Help and support: https:\/\/hallway\.contoso\.com\/$/);
  });

  test('the descriptions cover check-ins, virtual coffee and coffee breaks', async () => {
    const { manifest } = await buildPackage(example());
    for (const feature of [/check-in/i, /coffee pairing|virtual coffee/i, /coffee breaks/i]) {
      expect(manifest.description.short).toMatch(feature);
      expect(manifest.description.full).toMatch(feature);
    }
  });

  test.each(['1.0', '1', 'v1.0.0', '1.0.0.0', '01.0.0', '1.0.0-beta'])('APP_VERSION=%s is refused: Teams wants MAJOR.MINOR.PATCH', async (version) => {
    const problems = await problemsOf({ ...example(), APP_VERSION: version });
    expect(problems).toEqual([expect.stringMatching(/^version: APP_VERSION must be a semantic version MAJOR\.MINOR\.PATCH such as 1\.0\.0/)]);
  });

  test('a support contact that is neither an https URL nor an email address is refused', async () => {
    const problems = await problemsOf({ ...example(), SUPPORT_CONTACT: 'call Bob' });
    expect(problems).toEqual([expect.stringMatching(/^description\.full: SUPPORT_CONTACT must be an https:\/\/ URL or an email address/)]);
  });

  test('tab sign-in has one setting: SSO_APP_ID is still read alone, and refused when it differs from SSO_CLIENT_ID', () => {
    const base = { TEAMS_APP_ID: '6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f' };
    expect(packageValues({ ...base, SSO_APP_ID: 'aaaaaaaa-0000-0000-0000-000000000001' }).SSO_CLIENT_ID).toBe('aaaaaaaa-0000-0000-0000-000000000001');
    expect(() => packageValues({ SSO_CLIENT_ID: 'aaaaaaaa-0000-0000-0000-000000000001', SSO_APP_ID: 'bbbbbbbb-0000-0000-0000-000000000002' })).toThrow(
      /SSO_CLIENT_ID: .* and SSO_APP_ID: .* differ/,
    );
  });

  test("the template's command menu is the one the bot answers, so the toolkit's package has it too", async () => {
    const dir = broken((d) => editTemplate(d, (m) => m.bots[0].commandLists[0].commands.pop()));
    expect(await problemsOf(example(), dir)).toEqual([expect.stringMatching(/^bots\[0\]\.commandLists in manifest\.template\.json is not the command list/)]);
  });

  test('the package is in five languages: English in the manifest, German, French, Spanish and Japanese in their files', async () => {
    const { manifest, zip } = await buildPackage(example());
    expect(manifest.localizationInfo.defaultLanguageTag).toBe('en');
    expect(manifest.localizationInfo.additionalLanguages.map((l: any) => l.languageTag)).toEqual(['de', 'fr', 'es', 'ja']);
    const language = (tag: string) => JSON.parse(new AdmZip(zip).readAsText(`localization/${tag}.json`));
    expect(language('de')['description.short']).toBe('Check-ins in Meetings, virtuelles Kaffee-Matching und Kaffeepausen im Team.');
    expect(language('ja')['name.full']).toMatch(/^Hallway: 会議のチェックイン/);
    // Placeholders are filled in every language, as in the manifest.
    expect(language('fr')['description.full']).toMatch(/Aide et support : https:\/\/hallway\.example\.com\/$/);
  });

  test.each(['de', 'fr', 'es', 'ja'])(
    'the %s file gives every command of the menu a title and a description, and each title is read as the same command',
    async (tag) => {
      const { manifest, zip } = await buildPackage(example());
      const strings = JSON.parse(new AdmZip(zip).readAsText(`localization/${tag}.json`));
      const read = (title: string) => readCommand(normaliseCommand(title));
      const menu: { at: string; english: string }[] = manifest.bots[0].commandLists.flatMap((list: any, i: number) =>
        list.commands.map((command: any, j: number) => ({ at: `bots[0].commandLists[${i}].commands[${j}]`, english: command.title })),
      );
      expect(menu.length).toBeGreaterThanOrEqual(12);
      for (const { at, english } of menu) {
        expect({ at, description: typeof strings[`${at}.description`] }).toEqual({ at, description: 'string' });
        expect({ at, title: strings[`${at}.title`] }).not.toEqual({ at, title: english });
        expect({ at, command: read(strings[`${at}.title`]) }).toEqual({ at, command: read(english) });
      }
      expect(Object.keys(strings).filter((key) => key.startsWith('bots[')).length).toBe(menu.length * 2);
    },
  );

  test('a language file without a command, with a title that is another command, or a description too long, is refused by file and field', async () => {
    const dir = broken((d) => {
      const path = join(d, 'localization', 'de.json');
      const strings = JSON.parse(readFileSync(path, 'utf8'));
      delete strings['bots[0].commandLists[0].commands[1].description'];
      strings['bots[0].commandLists[1].commands[2].title'] = 'kaffee verlassen';
      strings['description.short'] = 'x'.repeat(81);
      writeFileSync(path, JSON.stringify(strings));
    });
    const problems = (await problemsOf(example(), dir)).join('\n');
    expect(problems).toMatch(/localization\/de\.json: bots\[0\]\.commandLists\[0\]\.commands\[1\] \("help"\) needs a title and a description/);
    expect(problems).toMatch(
      /localization\/de\.json: bots\[0\]\.commandLists\[1\]\.commands\[2\]\.title "kaffee verlassen" is not read as the command "coffee join"/,
    );
    expect(problems).toMatch(/localization\/de\.json: localisation schema 1\.30: \/description\.short must NOT have more than 80 characters/);
  });

  test('a language the manifest names without its file is refused', async () => {
    const dir = broken((d) => rmSync(join(d, 'localization', 'ja.json')));
    expect(await problemsOf(example(), dir)).toEqual(['localizationInfo.additionalLanguages[3].file: appPackage/localization/ja.json does not exist']);
  });

  test('env files are read as KEY=value lines, with comments and quotes', () => {
    expect(parseEnvFile('# c\nA=1\nexport B="two words"\n  C = \'x\'\nbad line\n')).toEqual({ A: '1', B: 'two words', C: 'x' });
  });
});
