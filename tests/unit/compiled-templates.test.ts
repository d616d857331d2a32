import * as ACData from 'adaptivecards-templating';
import { checkInCard, checkInCardData, checkInCardText } from '../../bot/cards/check-in-card';
import { compileTemplate, TemplateSyntaxError } from '../../bot/cards/compile-template';
import { compileTemplateText, rememberJson } from '../../bot/cards/compile-template-text';
import { renderEntry, templateData, TEMPLATES, type TemplateData } from '../../bot/cards/render';
import { buildBoard } from '../../bot/domain/check-in/board';
import type { Answer, CheckInSession, MoodId } from '../../bot/domain/check-in/model';
import { cardSamples } from '../fixtures/card-samples';

/** What adaptivecards-templating makes of a template, as Hallway sends it (without the designer's $schema). */
function engine(template: object, data: unknown): unknown {
  const expanded = new ACData.Template(template).expand({ $root: data }) as Record<string, unknown>;
  delete expanded.$schema;
  return expanded;
}

function compiled(name: string, template: object, data: unknown): unknown {
  const { $schema: _designerOnly, ...card } = template as Record<string, unknown>;
  return compileTemplate(name, card)(data);
}

/** The template compiled to JSON text. */
function compiledText(name: string, template: object, data: unknown): string {
  const { $schema: _designerOnly, ...card } = template as Record<string, unknown>;
  return compileTemplateText(name, card)(data);
}

/**
 * The sample itself and, for every field in it, one variant with that field changed: booleans
 * flipped, strings emptied, lists emptied and doubled. Every `$when` and `$data` then goes both ways.
 */
function variants(value: unknown): unknown[] {
  if (typeof value === 'boolean') return [!value];
  if (typeof value === 'string') return value === '' ? ['filled in'] : [''];
  if (Array.isArray(value)) {
    const inner = value.flatMap((item, i) => variants(item).map((changed) => value.map((other, j) => (i === j ? changed : other))));
    return [[], [...value, ...value], ...inner];
  }
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).flatMap(([key, field]) => variants(field).map((changed) => ({ ...value, [key]: changed })));
  }
  return [];
}

const samples = cardSamples();
const names = Object.keys(TEMPLATES) as (keyof TemplateData)[];

describe('compiled card templates', () => {
  it.each(names)('the %s template compiles to exactly what the templating engine expands, for its sample and every variant of it', (name) => {
    const template = TEMPLATES[name];
    const sample = samples[name];
    const all = [sample, ...variants(sample)];
    expect(all.length).toBeGreaterThan(Object.keys(sample).length);
    for (const data of all) {
      const prepared = templateData(name, data as never);
      expect(compiled(name, template, prepared)).toEqual(engine(template, prepared));
      // The text compilation writes exactly what serialising the objects would: the same bytes sent.
      expect(compiledText(name, template, prepared)).toBe(JSON.stringify(compiled(name, template, prepared)));
    }
  });

  it('as text, drops, keeps, spreads and leaves out exactly as the objects serialise, and writes a remembered object as remembered', () => {
    const template = {
      body: [
        { $data: '${items}', text: '${name} (${$index})', $when: "${name != 'skip'}" },
        { $when: '${show}', type: 'Gone' },
        '${list}',
        '${nothing}',
        '${missing.deep}',
        [1, '${flag}'],
      ],
      single: { $data: '${one}', text: '${name}' },
      hidden: { $when: '${!show}', text: 'hidden' },
      kept: '${list}',
      elements: '${elements}',
      quoted: 'He said "${name}"\n',
      count: '${count(items) >= 2 && !empty(items) || false}',
      number: 3.5,
      none: null,
    };
    const element = { type: 'TextBlock', text: 'cached "as is"' };
    const data = {
      items: [{ name: 'a' }, { name: 'skip' }, { name: 'c' }],
      one: [{ name: 'only' }],
      show: true,
      list: ['x', null, 2, { y: '\u2028' }],
      nothing: null,
      flag: false,
      name: 'Zoë </script>',
      elements: [element, element],
    };
    expect(compiledText('t', template, data)).toBe(JSON.stringify(compiled('t', template, data)));
    // Parts are written again when what they show changed, even in a list changed in place.
    const list = { type: 'Container', items: '${elements}', title: '${name}' };
    const first = { type: 'TextBlock', text: 'first' };
    rememberJson(first);
    const again = { elements: [first], name: 'first' };
    expect(compiledText('t', { body: [list] }, again)).toBe(JSON.stringify(compiled('t', { body: [list] }, again)));
    const render = compileTemplateText('t', { body: [list] });
    const before = render(again);
    const added = { type: 'TextBlock', text: 'added' };
    rememberJson(added);
    again.elements.push(added);
    expect(render(again)).not.toBe(before);
    expect(render(again)).toBe(JSON.stringify(compiled('t', { body: [list] }, again)));
    again.name = 'second';
    expect(render(again)).toContain('"title":"second"');
    // What a part reads is found as the compiler reads it: inside functions, next to quoted braces.
    const guarded = compileTemplateText('t', { body: [{ type: 'X', $when: "${count(items) > 1 && label != '}'}", text: '${label}' }] });
    expect(JSON.parse(guarded({ items: [1], label: 'a' })).body).toEqual([]);
    expect(JSON.parse(guarded({ items: [1, 2], label: 'a' })).body).toEqual([{ type: 'X', text: 'a' }]);
    expect(JSON.parse(guarded({ items: [1, 2], label: '}' })).body).toEqual([]);
    rememberJson(element, '{"remembered":true}');
    expect(JSON.parse(compiledText('t', template, data)).elements).toEqual([{ remembered: true }, { remembered: true }]);
  });

  it('a field the data lacks shows as its expression, as the engine leaves it, so card tests still see it', () => {
    const template = { type: 'TextBlock', text: '${missing}', label: 'Hello ${who.name}!' };
    expect(compiled('t', template, {})).toEqual(engine(template, {}));
    expect(compiled('t', template, {})).toEqual({ type: 'TextBlock', text: '${missing}', label: 'Hello ${who.name}!' });
  });

  it('repeats, drops and keeps objects as the engine does: a list of one is the object, a dropped property is null', () => {
    const template = {
      body: [
        { $data: '${items}', text: '${name} (${$index})', $when: "${name != 'skip'}" },
        { $when: '${show}', type: 'Gone' },
      ],
      single: { $data: '${one}', text: '${name}' },
      hidden: { $when: '${!show}', text: 'hidden' },
      count: '${count(items) >= 2 && !empty(items) || false}',
    };
    const data = { items: [{ name: 'a' }, { name: 'skip' }, { name: 'c' }], one: [{ name: 'only' }], show: true };
    expect(compiled('t', template, data)).toEqual(engine(template, data));
    expect(compiled('t', template, data)).toMatchObject({
      body: [{ text: 'a (0)' }, { text: 'c (2)' }, { type: 'Gone' }],
      single: { text: 'only' },
      hidden: null,
      count: true,
    });
  });

  it('refuses, naming the template, an expression it would not expand as the engine does', () => {
    expect(() => compileTemplate('my-card', { text: "${join(names, ', ')}" })).toThrow(TemplateSyntaxError);
    expect(() => compileTemplate('my-card', { text: '${items[0]}' })).toThrow(/my-card/);
    expect(() => compileTemplate('my-card', { text: '${a +}' })).toThrow(/not supported/);
  });

  it('the check-in card of real boards (shared, mine, form, closed, large) is what the engine expands', () => {
    const session: CheckInSession = {
      id: 's1',
      occurrenceKey: 'o',
      seriesKey: 'k',
      title: 'Weekly sync',
      address: { tenantId: 't', conversationId: 'c', reference: undefined },
      questionId: 'q',
      question: 'How are you?',
      status: 'open',
      defaultVisibility: 'shared',
      summaryAtEnd: true,
      startedAt: new Date(0),
    };
    const moods: MoodId[] = ['great', 'good', 'okay', 'low', 'rough'];
    const answer = (i: number): Answer => ({
      sessionId: 's1',
      person: { userId: `29:${i}`, name: `Person ${i}`, upn: `p${i}@contoso.com` },
      mood: moods[i % 5],
      note: i % 3 === 0 ? `Note ${i}` : undefined,
      visibility: i % 4 === 0 ? 'private' : 'shared',
      skipped: i % 7 === 0,
      answeredAt: new Date(i * 1000),
    });
    for (const count of [0, 3, 25, 80]) {
      const answers = Array.from({ length: count }, (_, i) => answer(i + 1));
      const board = buildBoard(answers);
      for (const view of [{ kind: 'shared' }, { kind: 'mine', answer: answer(1) }, { kind: 'form', error: { kind: 'no-mood' } }] as const) {
        for (const status of ['open', 'closed'] as const) {
          const data = checkInCardData({ ...session, status }, board, view, 'en');
          const card = checkInCard({ ...session, status }, board, view, 'en');
          expect(card).toEqual(engine(TEMPLATES['check-in'], templateData('check-in', data)));
          // The personal view is sent as text: the same card, byte for byte.
          expect(checkInCardText({ ...session, status }, board, view, 'en').json).toBe(JSON.stringify(card));
        }
      }
    }
    expect(renderEntry(samples['check-in-entry'])).toEqual(engine(TEMPLATES['check-in-entry'], samples['check-in-entry']));
  });
});
