import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { checkInCard, previewCheckInCard, summaryCard, type CheckInView } from '../../bot/cards/check-in-card';
import { CARD_NAMES, renderCard, renderEntry, strong, type AdaptiveCard, type TemplateData } from '../../bot/cards/render';
import { buildBoard } from '../../bot/domain/check-in/board';
import { DEFAULT_MEETING_SETTINGS } from '../../bot/domain/check-in/model';
import type { UserText } from '../../bot/domain/user-text';
import { sdkProblems, wherePlaced } from '../fixtures/cards';
import { cardSamples, ENTRY } from '../fixtures/card-samples';
import { answer, person, session } from '../fixtures/check-ins';

/** What people could type: Markdown, HTML and links, each of which Teams would render outside a TextRun. */
const HOSTILE = '**bold** [x](https://evil.example) <a href="https://evil.example">y</a> _i_ # h';
const hostile = (field: string) => `${HOSTILE} {${field}}`;
const isHostile = (text: string) => text.includes('evil.example');

/** Hostile text anywhere Teams may render Markdown: must stay empty. */
const renderedAsMarkdown = (card: unknown) => wherePlaced(card).elsewhere.filter((w) => isHostile(w.text));
/** What the card shows (or keeps) as typed. */
const literalTexts = (card: unknown) => wherePlaced(card).literal;

// ---- Which fields of a template's data are CodeText, worked out by the compiler. ----

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

/** Dotted paths of the fields declared CodeText: the only ones that may land where Markdown renders. */
type CodePaths<T, P extends string = ''> = {
  [K in keyof T & string]: [T[K]] extends [never]
    ? never
    : UserText extends T[K]
      ? never
      : T[K] extends string
        ? `${P}${K}`
        : T[K] extends readonly (infer E)[]
          ? E extends string
            ? UserText extends E
              ? never
              : `${P}${K}[]`
            : CodePaths<E, `${P}${K}[].`>
          : T[K] extends object
            ? CodePaths<T[K], `${P}${K}.`>
            : never;
}[keyof T & string];

/**
 * Each template's CodeText fields. The compiler checks each list is exactly what render.ts declares,
 * so every other field (everything that may carry UserText) is filled with hostile text below.
 */
const CODE_FIELDS = {
  'check-in': [
    'statusLabel',
    'form.error',
    'mine.headline',
    'mine.detail',
    'mine.editLabel',
    'board.countLine',
    'board.moodLine',
    'board.privateLine',
    'moreLine',
    'text.title',
    'text.open',
    'text.closed',
    'text.closedLine',
    'text.refresh',
    'text.moodLabel',
    'text.moodError',
    'text.great',
    'text.good',
    'text.okay',
    'text.low',
    'text.rough',
    'text.noteLabel',
    'text.notePlaceholder',
    'text.visibilityLabel',
    'text.shared',
    'text.private',
    'text.submit',
    'text.skip',
  ],
  'check-in-entry': ['sayHiUrl', 'sayHi'],
  summary: ['title', 'countLine', 'moodLine', 'closing'],
  notice: ['title'],
  facts: ['title', 'footer'],
  'break-reminder': [
    'comingLine',
    'notComingLine',
    'topicsLine',
    'error',
    'joinUrl',
    'labels.title',
    'labels.noAgenda',
    'labels.addTopicLabel',
    'labels.topicPlaceholder',
    'labels.join',
    'labels.in',
    'labels.out',
    'labels.addTopic',
  ],
  days: [
    'text.heading',
    'text.intro',
    'text.coming',
    'text.notComing',
    'text.where',
    'datesLine',
    'link',
    'days[].label',
    'days[].comingLine',
    'days[].photoLine',
    'days[].tables[].label',
    'footer',
    'error',
  ],
  'days-plan': [
    'text.heading',
    'text.title',
    'text.lunch',
    'text.walk',
    'text.talk',
    'text.starterLabel',
    'text.onlyYou',
    'days[].label',
    'days[].talks[].when',
    'days[].photoLine',
    'starter',
  ],
  'days-talk': ['text.heading', 'text.note', 'text.accept', 'text.decline'],
  'days-met': ['text.heading', 'text.question', 'text.note', 'text.yes', 'text.no'],
  confirm: ['title', 'text', 'verb', 'confirmTitle', 'cancelTitle'],
  'coffee-match': [
    'starter',
    'lengthLine',
    'groupChatUrl',
    'scheduleUrl',
    'labels.title',
    'labels.starter',
    'labels.openChat',
    'labels.schedule',
    'labels.needBreak',
    'labels.pause1',
    'labels.pause2',
    'labels.pause4',
    'labels.pause8',
    'labels.pause',
  ],
  'coffee-follow-up': ['detail', 'labels.title', 'labels.yes', 'labels.planned', 'labels.no'],
  welcome: ['title', 'intro', 'facts[].title', 'facts[].value', 'footer'],
  help: ['title', 'commands[].title', 'commands[].value', 'footer'],
} as const;

const codeFieldsAreExact: { [K in keyof TemplateData]: Equals<(typeof CODE_FIELDS)[K][number], CodePaths<TemplateData[K]>> } = {
  'check-in': true,
  'check-in-entry': true,
  summary: true,
  notice: true,
  facts: true,
  'break-reminder': true,
  days: true,
  'days-plan': true,
  'days-talk': true,
  'days-met': true,
  confirm: true,
  'coffee-match': true,
  'coffee-follow-up': true,
  welcome: true,
  help: true,
};

/**
 * The data with every string that is not a CodeText field replaced by hostile text naming its path.
 * Pre-rendered card elements (the check-in card's entries) are kept: they come from their own row.
 */
function hostileData(data: unknown, code: readonly string[], path = ''): unknown {
  if (typeof data === 'string') return code.includes(path) ? data : hostile(path);
  if (Array.isArray(data)) return data.map((item) => hostileData(item, code, `${path}[]`));
  if (data && typeof data === 'object') {
    if ('type' in data) return data; // a rendered element
    return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, hostileData(value, code, path ? `${path}.${key}` : key)]));
  }
  return data;
}

/** Strings in the data, to check each hostile one reached the card. */
function stringsIn(data: unknown): string[] {
  if (typeof data === 'string') return [data];
  if (Array.isArray(data)) return data.flatMap(stringsIn);
  if (data && typeof data === 'object' && !('type' in data)) return Object.values(data).flatMap(stringsIn);
  return [];
}

const hostileEntry = hostileData(ENTRY, CODE_FIELDS['check-in-entry']) as TemplateData['check-in-entry'];

/** Sample data per template, every conditional part switched on. Benign: hostileData fills it. */
const SAMPLES = cardSamples([renderEntry(hostileEntry)]);

const render = (name: keyof TemplateData, data: unknown): unknown =>
  name === 'check-in-entry' ? renderEntry(data as TemplateData['check-in-entry']) : renderCard(name, data as never);

describe('every card template, with Markdown, HTML and a link in every field that is not CodeText', () => {
  const templateFiles = readdirSync(join(__dirname, '../../bot/cards/templates'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''));

  test('every template in the templates folder is a card Hallway renders, and each has its row here', () => {
    expect(Object.values(codeFieldsAreExact).every(Boolean)).toBe(true);
    expect([...templateFiles].sort()).toEqual([...CARD_NAMES, 'check-in-entry'].sort());
    for (const name of templateFiles) expect(Object.keys(SAMPLES)).toContain(name);
  });

  test.each(templateFiles)('the %s card shows what people typed only as literal text', (name) => {
    const key = name as keyof TemplateData;
    const data = hostileData(SAMPLES[key], CODE_FIELDS[key]);
    const card = render(key, data);
    expect(renderedAsMarkdown(card)).toEqual([]);
    // Every hostile field reached the card, as typed (or kept as an id in action data).
    const literal = literalTexts(card);
    expect(
      stringsIn(data)
        .filter(isHostile)
        .filter((text) => !literal.some((t) => t.includes(text))),
    ).toEqual([]);
    // An entry is a fragment of the check-in card: the SDK checks it inside a card, as Teams gets it.
    const whole = key === 'check-in-entry' ? { type: 'AdaptiveCard', version: '1.5', body: [card] } : card;
    expect(sdkProblems(whole)).toEqual([]);
  });
});

describe('the check-in card built from a meeting whose text is all Markdown and links', () => {
  const title = hostile('meeting title') as UserText;
  const question = hostile('custom question') as UserText;
  const s = session({ title, question, questionId: `custom-1:${question}` });
  const answers = [
    answer(0, { person: person(0, { name: hostile('display name') }), note: hostile('shared note') }),
    answer(1, { person: person(1, { name: hostile('private name') }), note: hostile('private note'), visibility: 'private' }),
    answer(2, { person: person(2, { name: hostile('skipped name') }), skipped: true }),
  ];
  const board = buildBoard(answers);
  const views: [string, CheckInView][] = [
    ['shared', { kind: 'shared' }],
    ['mine (shared)', { kind: 'mine', answer: answers[0]! }],
    ['mine (private)', { kind: 'mine', answer: answers[1]! }],
    [
      'form',
      {
        kind: 'form',
        values: { mood: 'low', note: hostile('draft note'), visibility: 'private' },
        error: { kind: 'note-too-long' },
      },
    ],
  ];

  test.each(views)('in the %s view, the title, question, names and notes are literal text only', (_, view) => {
    const card = checkInCard(s, board, view, 'en');
    expect(renderedAsMarkdown(card)).toEqual([]);
    const shown = literalTexts(card);
    for (const text of [title, question, hostile('display name'), hostile('shared note')]) expect(shown).toContain(text);
    expect(sdkProblems(card)).toEqual([]);
  });

  test('the summary at the end and the organiser’s preview of a custom question are literal text only', () => {
    const summary = summaryCard(s, board, 'en');
    expect(renderedAsMarkdown(summary)).toEqual([]);
    expect(literalTexts(summary)).toContain(title);
    const preview = previewCheckInCard(
      { ...DEFAULT_MEETING_SETTINGS, questionBank: 'custom', customQuestions: [question] },
      title,
      new Date('2026-11-27T09:00:00Z'),
      'en',
    );
    expect(renderedAsMarkdown(preview)).toEqual([]);
    expect(literalTexts(preview)).toContain(question);
  });
});

describe('sentences that quote what people typed', () => {
  test('a notice quoting a question keeps Hallway’s words and the question as separate runs, the question exactly as typed', () => {
    const question = hostile('question');
    const card = renderCard('notice', {
      title: 'A check-in is already open here',
      text: ['Scroll up to the card asking ', strong(question), ' to answer it.'],
    }) as AdaptiveCard;
    expect(renderedAsMarkdown(card)).toEqual([]);
    const runs = (card.body[1] as { inlines: { text: string; weight?: string }[] }).inlines;
    expect(runs.map((r) => r.text)).toEqual(['Scroll up to the card asking ', question, ' to answer it.']);
    expect(runs[1]!.weight).toBe('Bolder');
    expect(sdkProblems(card)).toEqual([]);
  });
});
