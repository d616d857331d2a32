import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { type MessageFormatElement, parse, TYPE } from '@formatjs/icu-messageformat-parser';
import { LOCALES } from '../../bot/i18n/locales';

/*
 * Every catalogue: bot/i18n/catalogues/<area>/<locale>.json and tab/i18n/<locale>.json. Each
 * language has exactly the English ids, every message parses as ICU, and carries the same
 * placeholders (name and kind) as its English original, so no translation drops a count or a name.
 */
const root = join(__dirname, '..', '..');
const areas = readdirSync(join(root, 'bot/i18n/catalogues'), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => ({ name: `bot/${d.name}`, dir: join(root, 'bot/i18n/catalogues', d.name) }));
if (existsSync(join(root, 'tab/i18n/en.json'))) areas.push({ name: 'tab', dir: join(root, 'tab/i18n') });

function load(dir: string, locale: string): Record<string, string> {
  return JSON.parse(readFileSync(join(dir, `${locale}.json`), 'utf8')) as Record<string, string>;
}

function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.literal || el.type === TYPE.pound) continue;
    into.add(`${el.value}:${TYPE[el.type]}`);
    if (el.type === TYPE.plural || el.type === TYPE.select) for (const option of Object.values(el.options)) placeholders(option.value, into);
    if (el.type === TYPE.tag) placeholders(el.children, into);
  }
  return into;
}

test('there are catalogues to check', () => {
  expect(areas.length).toBeGreaterThan(0);
});

describe.each(areas)('the $name catalogues', ({ dir }) => {
  const english = load(dir, 'en');

  test('English has messages, none empty', () => {
    expect(Object.keys(english).length).toBeGreaterThan(0);
    for (const [id, message] of Object.entries(english)) expect([id, message.trim().length > 0]).toEqual([id, true]);
  });

  test.each(LOCALES.filter((l) => l !== 'en'))('%s has every English id and no other', (locale) => {
    expect(Object.keys(load(dir, locale)).sort()).toEqual(Object.keys(english).sort());
  });

  test.each([...LOCALES])('every %s message parses and has the English placeholders', (locale) => {
    const catalogue = load(dir, locale);
    const wrong: string[] = [];
    for (const [id, message] of Object.entries(catalogue)) {
      if (!message.trim()) {
        wrong.push(`${id}: empty`);
        continue;
      }
      let own: Set<string>;
      try {
        own = placeholders(parse(message));
      } catch (error) {
        wrong.push(`${id}: ${(error as Error).message}`);
        continue;
      }
      const expected = placeholders(parse(english[id] ?? ''));
      if ([...own].sort().join() !== [...expected].sort().join()) wrong.push(`${id}: ${[...own].join()} ≠ ${[...expected].join()}`);
    }
    expect(wrong).toEqual([]);
  });
});
