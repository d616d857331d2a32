import {
  baseBytes,
  byteLength,
  CARD_BUDGET_BYTES,
  checkInCard,
  checkInCardData,
  checkInCardText,
  LARGE_MEETING_PERSONAL_BUDGET_BYTES,
  REFRESH_USER_LIMIT,
  SAY_HI_LIMIT,
  sayHiUrl,
  summaryCard,
  VERBS,
  type CheckInView,
} from '../../bot/cards/check-in-card';
import { ALL_VERBS } from '../../bot/cards/verbs';
import { CARD_NAMES, renderCard, renderCardText, renderEntry, type AdaptiveCard } from '../../bot/cards/render';
import { buildBoard } from '../../bot/domain/check-in/board';
import type { Answer } from '../../bot/domain/check-in/model';
import { answer, person, session, sharedAnswers } from '../fixtures/check-ins';
import { objectsIn, sdkProblems, type CardNode } from '../fixtures/cards';
import { cardSamples } from '../fixtures/card-samples';

type Node = CardNode;

function versionAtMost15(card: AdaptiveCard): boolean {
  const [major, minor] = card.version.split('.').map(Number);
  return major === 1 && minor !== undefined && minor <= 5;
}

const executeVerbs = (card: unknown) =>
  objectsIn(card)
    .filter((o) => o.type === 'Action.Execute')
    .map((o) => o.verb);

/** Buttons in the card body (the refresh section is not a button). */
const bodyVerbs = (card: AdaptiveCard) => executeVerbs(card.body);

const urlsIn = (card: unknown) =>
  objectsIn(card).flatMap((o) =>
    Object.entries(o)
      .filter(([key, v]) => /url$/i.test(key) && typeof v === 'string')
      .map(([, v]) => v as string),
  );

const openUrls = (value: unknown) => objectsIn(value).filter((o) => o.type === 'Action.OpenUrl');

/** The listed answers on the board. */
function entriesOf(card: AdaptiveCard): Node[] {
  const answers = (card.body as Node[]).find((e) => e.id === 'answers');
  return (answers?.items as Node[] | undefined) ?? [];
}

function boardTexts(card: AdaptiveCard): string[] {
  const board = (card.body as Node[]).find((e) => e.id === 'board');
  return ((board?.items as Node[]) ?? []).map((e) => e.text as string);
}

const moreLineOf = (card: AdaptiveCard) => (card.body as Node[]).find((e) => e.type === 'TextBlock' && /^\+\d+ more$/.test(String(e.text)))?.text;

const textRuns = (value: unknown) =>
  objectsIn(value)
    .filter((o) => o.type === 'TextRun')
    .map((o) => o.text as string);

const refreshUserIds = (card: AdaptiveCard) => (card.refresh as { userIds: string[] }).userIds;

/** A note of exactly 280 characters, the longest allowed, reading like a real one. */
function longNote(i: number): string {
  const text =
    `Answer ${i}: back from a long weekend in the mountains, still a bit slow, but the coffee is strong and the team is great. ` +
    'Looking forward to the demo later and to hearing how everyone else is doing this week. Also, who has a good book to recommend for the train? ';
  return text.repeat(3).slice(0, 280);
}

/** Valid for Teams, fully expanded (a `${` only inside `typed`, text people typed), every button's verb known. */
function mustBeValid(card: AdaptiveCard, typed: string[] = []) {
  expect(sdkProblems(card)).toEqual([]);
  expect(card.type).toBe('AdaptiveCard');
  expect(versionAtMost15(card)).toBe(true);
  const withoutTyped = typed.reduce((json, text) => json.split(JSON.stringify(text).slice(1, -1)).join(''), JSON.stringify(card));
  expect(withoutTyped).not.toContain('${');
  const known: unknown[] = ALL_VERBS;
  expect(executeVerbs(card).filter((verb) => !known.includes(verb))).toEqual([]);
}

describe('every card template', () => {
  const samples = cardSamples([
    renderEntry({ emoji: '☀️', name: 'Ana Silva', note: 'Sunny in Lisbon', sayHiUrl: sayHiUrl('ana@contoso.com'), sayHi: 'Say hi' }),
    renderEntry({ emoji: '🌤️', name: 'Ben Okafor', note: '', sayHiUrl: '', sayHi: '' }),
  ]);

  test.each([...CARD_NAMES])('the %s card is a valid Adaptive Card 1.5 with every placeholder filled and known buttons', (name) => {
    const data = samples[name];
    expect(data).toBeDefined();
    mustBeValid(renderCard(name, data as never));
  });
});

describe('the check-in card in every view', () => {
  const open = session();
  const closed = session({ status: 'closed', closedAt: new Date('2026-11-27T10:00:04.000Z') });
  const answers: Answer[] = [
    answer(0, { mood: 'great', note: 'Sunny in Lisbon' }),
    answer(1, { mood: 'rough', note: 'Rough night', visibility: 'private' }),
    answer(2, { skipped: true }),
    answer(3, { mood: 'good' }),
  ];
  const board = buildBoard(answers);

  const views: [string, ReturnType<typeof session>, CheckInView][] = [
    ['shared, before anyone answered', open, { kind: 'shared' }],
    ['shared, with answers', open, { kind: 'shared' }],
    ['mine, checked in and shared', open, { kind: 'mine', answer: answers[0]! }],
    ['mine, checked in privately', open, { kind: 'mine', answer: answers[1]! }],
    ['mine, skipped', open, { kind: 'mine', answer: answers[2]! }],
    [
      'form, with an error',
      open,
      {
        kind: 'form',
        values: { mood: 'low', note: 'x'.repeat(300), visibility: 'private' },
        error: { kind: 'note-too-long' },
      },
    ],
    ['form, empty', open, { kind: 'form' }],
    ['closed, shared', closed, { kind: 'shared' }],
    ['closed, mine', closed, { kind: 'mine', answer: answers[0]! }],
  ];

  test.each(views)('%s: valid for the official parser, version 1.5, no placeholders left, known buttons only', (label, s, view) => {
    mustBeValid(checkInCard(s, label.includes('before') ? buildBoard([]) : board, view, 'en'));
  });

  test('the summary at meeting end is valid too', () => {
    mustBeValid(summaryCard(closed, board, 'en'));
  });

  test('while open, everyone sees the question, the mood choice, the note, the visibility choice and both buttons', () => {
    const card = checkInCard(open, board, { kind: 'shared' }, 'en');
    expect(textRuns(card)).toContain(open.question);
    const inputs = objectsIn(card.body).filter((o) => String(o.type).startsWith('Input.'));
    expect(inputs.map((i) => i.id)).toEqual(['mood', 'note', 'visibility']);
    const mood = inputs[0]!.choices as { value: string }[];
    expect(mood.map((c) => c.value)).toEqual(['great', 'good', 'okay', 'low', 'rough']);
    expect(inputs[1]).toMatchObject({ maxLength: 280 });
    expect(inputs[2]).toMatchObject({ value: 'shared' });
    // Someone answered privately and someone skipped: Refresh shows them their own answer.
    expect(bodyVerbs(card)).toEqual([VERBS.submit, VERBS.skip, VERBS.refresh]);
  });

  test("a person's own view says they are checked in and offers Edit instead of the form", () => {
    const card = checkInCard(open, board, { kind: 'mine', answer: answers[0]! }, 'en');
    const texts = objectsIn(card.body).map((o) => o.text);
    expect(texts).toContain("You're checked in ☀️");
    expect(bodyVerbs(card)).toEqual([VERBS.edit, VERBS.refresh]);
    expect(objectsIn(card.body).some((o) => String(o.type).startsWith('Input.'))).toBe(false);
  });

  test('the form for one person keeps what they typed and shows what went wrong', () => {
    const card = checkInCard(
      open,
      board,
      {
        kind: 'form',
        values: { mood: 'low', note: 'Too long a story', visibility: 'private' },
        error: { kind: 'note-too-long' },
      },
      'en',
    );
    const inputs = objectsIn(card.body).filter((o) => String(o.type).startsWith('Input.'));
    expect(inputs.map((i) => i.value)).toEqual(['low', 'Too long a story', 'private']);
    expect(objectsIn(card.body).map((o) => o.text)).toContain('Please keep your note to 280 characters.');
  });

  test('a closed check-in offers no buttons to answer or edit, and says it has closed', () => {
    for (const view of [{ kind: 'shared' }, { kind: 'mine', answer: answers[0]! }, { kind: 'form' }] as CheckInView[]) {
      const card = checkInCard(closed, board, view, 'en');
      expect(bodyVerbs(card)).toEqual([VERBS.refresh]);
      expect(objectsIn(card.body).map((o) => o.text)).toContain('This check-in has closed. Thanks to everyone who checked in!');
    }
  });
});

describe('a very large meeting', () => {
  const thousand = sharedAnswers(1000, (i) => ({ note: longNote(i), mood: (['great', 'good', 'okay', 'low', 'rough'] as const)[i % 5] }));

  // The shared card lists at least 20 answers. A personal view in a meeting this large may carry
  // fewer (it is replaced by the next shared update), but still lists some and counts the rest.
  test.each<[string, CheckInView, number]>([
    ['shared', { kind: 'shared' }, 20],
    ['mine', { kind: 'mine', answer: thousand[0]! }, 1],
    ['form', { kind: 'form', values: { mood: 'good', note: 'y'.repeat(280) }, error: { kind: 'note-too-long' } }, 1],
  ])('with 1,000 answers of 280 characters, the %s card stays under 40 KB and says how many more there are', (_, view, atLeast) => {
    expect(longNote(1)).toHaveLength(280);
    const card = checkInCard(session(), buildBoard(thousand), view, 'en');
    expect(byteLength(card)).toBeLessThan(40 * 1024);
    expect(Buffer.byteLength(JSON.stringify(card))).toBeLessThan(40 * 1024);

    const listed = entriesOf(card);
    expect(listed.length).toBeGreaterThanOrEqual(atLeast);
    expect(moreLineOf(card)).toBe(`+${1000 - listed.length} more`);
    mustBeValid(card);
  });

  test("the answerer's own view, sent back to each of hundreds answering at once, holds the newest answers within 4 KB", () => {
    const card = checkInCard(session(), buildBoard(thousand), { kind: 'mine', answer: thousand[0]! }, 'en');
    expect(LARGE_MEETING_PERSONAL_BUDGET_BYTES).toBe(4 * 1024);
    expect(byteLength(card)).toBeLessThanOrEqual(LARGE_MEETING_PERSONAL_BUDGET_BYTES);
    const listed = entriesOf(card);
    expect(listed.map((e) => textRuns(e)[1])).toEqual(thousand.slice(0, listed.length).map((a) => a.person.name));
    expect(JSON.stringify(card)).toContain("You're checked in");
  });

  test("each answerer's view is sized as its own text: their note, in any script, takes the room of answers it needs", () => {
    const notes = ['', 'Fine', 'Quoted "words" and a \\ backslash', '🥳'.repeat(280), 'Ünïcödé café, 東京 \u2028', 'x'.repeat(280)];
    for (const size of [5, 61, 1000]) {
      const board = buildBoard(thousand.slice(0, size));
      for (const [i, note] of notes.entries()) {
        for (const view of [
          { kind: 'mine', answer: { ...thousand[i]!, note } },
          { kind: 'mine', answer: { ...thousand[i]!, skipped: true, mood: undefined } },
          { kind: 'shared' },
        ] as CheckInView[]) {
          for (const status of ['open', 'closed'] as const) {
            for (const locale of ['en', 'de', 'ja'] as const) {
              const s = session({ status });
              const data = checkInCardData(s, board, view, locale);
              // The card as measured before its answers were placed.
              const large = board.respondents.length > REFRESH_USER_LIMIT;
              const bare = {
                ...data,
                entries: [],
                moreLine: '',
                refreshUserIds: large ? [] : board.shared.map((e) => e.person.userId),
                showRefreshButton: true,
              };
              expect(baseBytes(board, bare, locale)).toBe(Buffer.byteLength(renderCardText('check-in', bare)));
              const text = checkInCardText(s, board, view, locale).json;
              expect(text).toBe(JSON.stringify(checkInCard(s, board, view, locale)));
              const budget = view.kind !== 'shared' && large ? LARGE_MEETING_PERSONAL_BUDGET_BYTES : CARD_BUDGET_BYTES;
              expect(Buffer.byteLength(text)).toBeLessThanOrEqual(budget);
            }
          }
        }
      }
    }
  });

  test("one answerer's own lines never reach the next answerer's card, whatever is kept between cards", () => {
    const board = buildBoard(thousand);
    const secret = { ...thousand[3]!, note: 'Only mine: my dog is ill', visibility: 'private' as const };
    const mine = (answer: Answer) => checkInCardText(session(), board, { kind: 'mine', answer }, 'en').json;
    expect(mine(secret)).toContain('my dog is ill');
    for (const next of [
      { ...thousand[4]!, note: undefined },
      { ...thousand[5]!, note: 'Fine' },
      { ...thousand[6]!, skipped: true, mood: undefined },
    ]) {
      const text = mine(next);
      expect(text).not.toContain('my dog is ill');
      expect(text).toBe(JSON.stringify(checkInCard(session(), board, { kind: 'mine', answer: next }, 'en')));
    }
    expect(checkInCardText(session(), board, { kind: 'shared' }, 'en').json).not.toContain('my dog is ill');
  });

  test('with 1,000 answers the newest are listed, in order, and the card is filled as far as the budget allows', () => {
    const card = checkInCard(session(), buildBoard(thousand), { kind: 'shared' }, 'en');
    const listed = entriesOf(card);
    expect(listed.map((e) => textRuns(e)[1])).toEqual(thousand.slice(0, listed.length).map((a) => a.person.name));
    // One more entry would not have fit: the listed ones use the budget up to the "+N more" line.
    const next = renderEntry({
      emoji: '☀️',
      name: thousand[listed.length]!.person.name,
      note: thousand[listed.length]!.note!,
      sayHiUrl: '',
      sayHi: '',
    });
    expect(byteLength(card) + byteLength(next)).toBeGreaterThan(CARD_BUDGET_BYTES - 256);
  });

  test('notes full of emoji (four bytes each) still keep the card under 40 KB', () => {
    const emoji = sharedAnswers(1000, () => ({ note: '🥳'.repeat(280) }));
    const card = checkInCard(session(), buildBoard(emoji), { kind: 'shared' }, 'en');
    expect(byteLength(card)).toBeLessThan(40 * 1024);
    expect(entriesOf(card).length).toBeGreaterThanOrEqual(20);
    expect(moreLineOf(card)).toBe(`+${1000 - entriesOf(card).length} more`);
  });

  test('with 200 short answers the card lists answers and says "200 people checked in"', () => {
    const card = checkInCard(
      session(),
      buildBoard(sharedAnswers(200, (i) => ({ note: i % 2 ? 'Good morning!' : undefined }))),
      {
        kind: 'shared',
      },
      'en',
    );
    const listed = entriesOf(card);
    expect(listed.length).toBeGreaterThan(0);
    expect(boardTexts(card)[0]).toBe('200 people checked in');
    expect(moreLineOf(card)).toBe(listed.length < 200 ? `+${200 - listed.length} more` : undefined);
    expect(byteLength(card)).toBeLessThan(40 * 1024);
  });
});

describe('per-person refresh', () => {
  /** n respondents: most shared, some private, some skipped; all count. */
  const respondents = (n: number) =>
    Array.from({ length: n }, (_, i) => answer(i, i % 10 === 3 ? { visibility: 'private' } : i % 10 === 7 ? { skipped: true } : {}));
  const sharedIds = (answers: Answer[]) => answers.filter((a) => !a.skipped && a.visibility === 'shared').map((a) => a.person.userId);

  test.each([2, 30, REFRESH_USER_LIMIT])(
    'with %i people who all shared their answer, all of them get their own view refreshed, and there is no Refresh button',
    (n) => {
      const answers = sharedAnswers(n);
      for (const view of [{ kind: 'shared' }, { kind: 'mine', answer: answers[0]! }] as CheckInView[]) {
        const card = checkInCard(session(), buildBoard(answers), view, 'en');
        expect(refreshUserIds(card)).toEqual(answers.map((a) => a.person.userId));
        expect(bodyVerbs(card)).not.toContain(VERBS.refresh);
      }
    },
  );

  test.each([10, 30, REFRESH_USER_LIMIT])(
    'with %i people who answered, some privately and some skipping, only the people named on the card are refreshed, and a Refresh button is there for the others',
    (n) => {
      const answers = respondents(n);
      for (const view of [{ kind: 'shared' }, { kind: 'mine', answer: answers[3]! }] as CheckInView[]) {
        const card = checkInCard(session(), buildBoard(answers), view, 'en');
        expect(refreshUserIds(card)).toEqual(sharedIds(answers));
        const refreshedNames = refreshUserIds(card).map((id) => answers.find((a) => a.person.userId === id)!.person.name);
        expect(textRuns(card)).toEqual(expect.arrayContaining(refreshedNames));
        expect(bodyVerbs(card)).toContain(VERBS.refresh);
      }
    },
  );

  test('a meeting where one person shared, one answered privately and one skipped: the card names and refreshes only the one who shared', () => {
    const ana = answer(0, { person: person(0, { name: 'Ana Shared' }), note: 'Hello' });
    const priya = answer(1, { person: person(1, { name: 'Priya Private' }), visibility: 'private', note: 'Rough week' });
    const sam = answer(2, { person: person(2, { name: 'Sam Skipped' }), skipped: true });
    const card = checkInCard(session(), buildBoard([ana, priya, sam]), { kind: 'shared' }, 'en');
    expect(refreshUserIds(card)).toEqual([ana.person.userId]);
    const json = JSON.stringify(card);
    for (const hidden of [priya, sam]) {
      expect(json).not.toContain(hidden.person.userId);
      expect(json).not.toContain(hidden.person.name);
    }
    expect(objectsIn(card.body).find((o) => o.verb === VERBS.refresh)).toMatchObject({
      type: 'Action.Execute',
      title: 'Refresh',
      data: { sessionId: session().id },
    });
  });

  test('the people the card has no room to list are not refreshed either, and can press Refresh', () => {
    // 40 notes full of emoji fill the card before all are listed.
    const answers = sharedAnswers(40, () => ({ note: '🥳'.repeat(280) }));
    const card = checkInCard(session(), buildBoard(answers), { kind: 'shared' }, 'en');
    const listed = entriesOf(card);
    expect(listed.length).toBeLessThan(40);
    expect(refreshUserIds(card)).toEqual(answers.slice(0, listed.length).map((a) => a.person.userId));
    expect(bodyVerbs(card)).toContain(VERBS.refresh);
  });

  test.each([REFRESH_USER_LIMIT + 1, 200])('with %i people who answered, the automatic refresh list is empty and a Refresh button appears', (n) => {
    const answers = respondents(n);
    for (const view of [{ kind: 'shared' }, { kind: 'mine', answer: answers[0]! }] as CheckInView[]) {
      const card = checkInCard(session(), buildBoard(answers), view, 'en');
      expect(refreshUserIds(card)).toEqual([]);
      expect(bodyVerbs(card)).toContain(VERBS.refresh);
      const button = objectsIn(card.body).find((o) => o.verb === VERBS.refresh);
      expect(button).toMatchObject({ type: 'Action.Execute', title: 'Refresh', data: { sessionId: session().id } });
    }
  });

  test('the card asks Teams to refresh it with the refresh verb for this check-in', () => {
    const card = checkInCard(session(), buildBoard(respondents(3)), { kind: 'shared' }, 'en');
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: VERBS.refresh, data: { sessionId: session().id } } });
  });
});

describe('Say hi', () => {
  const upnOf = (i: number) => `o.brien+${i}@contoso.com`;

  test(`with up to ${SAY_HI_LIMIT} shared answers, each one links to a 1:1 chat with that person`, () => {
    const shared = sharedAnswers(SAY_HI_LIMIT, (i) => ({ person: person(i, { upn: upnOf(i), name: `Person ${i}` }) }));
    // Private answers are not shared answers: they neither count towards the limit nor get a link.
    const privates = [30, 31, 32].map((i) => answer(i, { visibility: 'private' }));
    const card = checkInCard(session(), buildBoard([...shared, ...privates]), { kind: 'shared' }, 'en');

    const listed = entriesOf(card);
    expect(listed).toHaveLength(SAY_HI_LIMIT);
    listed.forEach((entry, i) => {
      const links = openUrls(entry);
      expect(links).toHaveLength(1);
      expect(links[0]!.url).toBe(`https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upnOf(i))}`);
      expect(links[0]!.url).toContain('o.brien%2B');
      // The button's title is Hallway's own words: a name there could render as Markdown.
      expect(links[0]!.title).toBe('Say hi');
    });
    expect(openUrls(card)).toHaveLength(SAY_HI_LIMIT);
  });

  test('a person whose sign-in name is not known yet has no Say hi link; the others do', () => {
    const shared = sharedAnswers(3, (i) => ({ person: person(i, { upn: i === 1 ? undefined : upnOf(i) }) }));
    const listed = entriesOf(checkInCard(session(), buildBoard(shared), { kind: 'shared' }, 'en'));
    expect(listed.map((e) => openUrls(e).length)).toEqual([1, 0, 1]);
  });

  test(`with ${SAY_HI_LIMIT + 1} shared answers, nobody gets a Say hi link`, () => {
    const shared = sharedAnswers(SAY_HI_LIMIT + 1, (i) => ({ person: person(i, { upn: upnOf(i) }) }));
    const card = checkInCard(session(), buildBoard(shared), { kind: 'shared' }, 'en');
    expect(entriesOf(card)).toHaveLength(SAY_HI_LIMIT + 1);
    expect(openUrls(card)).toEqual([]);
    expect(JSON.stringify(card)).not.toContain('teams.microsoft.com/l/chat');
  });
});

describe('what people type stays plain text', () => {
  const sneaky = '[win a prize](https://evil.example) <b>hi</b>';

  test.each<[string, CheckInView]>([
    ['shared', { kind: 'shared' }],
    ['mine', { kind: 'mine', answer: answer(0, { note: sneaky }) }],
  ])('a note written as a Markdown link shows verbatim in the %s view and links nowhere', (_, view) => {
    const card = checkInCard(session(), buildBoard([answer(0, { note: sneaky }), answer(1, { note: 'plain' })]), view, 'en');
    expect(textRuns(card)).toContain(sneaky);
    const blocks = objectsIn(card).filter((o) => o.type === 'TextBlock');
    expect(blocks.filter((b) => String(b.text).includes('evil.example'))).toEqual([]);
    expect(urlsIn(card).filter((u) => u.includes('evil.example'))).toEqual([]);
    mustBeValid(card);
  });

  test('a display name written as a Markdown link shows verbatim and links nowhere', () => {
    const name = '[Admin](https://evil.example/login)';
    const card = checkInCard(session(), buildBoard([answer(0, { person: person(0, { name }) })]), { kind: 'shared' }, 'en');
    expect(textRuns(card)).toContain(name);
    expect(objectsIn(card).filter((o) => o.type === 'TextBlock' && String(o.text).includes('evil.example'))).toEqual([]);
    expect(urlsIn(card).filter((u) => u.includes('evil.example'))).toEqual([]);
  });

  test('a note that looks like a template placeholder is shown as typed, not filled in', () => {
    const card = checkInCard(session(), buildBoard([answer(0, { note: '${sessionId} and ${name}' })]), { kind: 'shared' }, 'en');
    expect(textRuns(card)).toContain('${sessionId} and ${name}');
    mustBeValid(card, ['${sessionId} and ${name}']);
  });
});

describe('private answers', () => {
  const secret = person(9, { name: 'Priya Private', upn: 'priya.private@contoso.com' });
  const privateAnswer = answer(9, { person: secret, mood: 'rough', note: 'Interviewing elsewhere, shh', visibility: 'private' });
  const others = [answer(0, { mood: 'great', note: 'Hello!' }), answer(1, { mood: 'good' })];
  const board = buildBoard([others[0]!, privateAnswer, others[1]!]);

  test.each<[string, CheckInView, boolean]>([
    ['the shared card', { kind: 'shared' }, true],
    ["someone else's own view", { kind: 'mine', answer: others[0]! }, true],
    ["someone else's form", { kind: 'form' }, true],
    ['the shared card after closing', { kind: 'shared' }, false],
  ])("never show the private person's name, note or sign-in name in %s", (_, view, isOpen) => {
    const card = checkInCard(session({ status: isOpen ? 'open' : 'closed' }), board, view, 'en');
    const json = JSON.stringify(card);
    expect(json).not.toContain('Priya Private');
    expect(json).not.toContain('Interviewing elsewhere');
    expect(json).not.toContain('priya.private');
    expect(boardTexts(card)).toEqual(['3 people checked in', '☀️ 1   🌤️ 1', '1 person only showed that they checked in']);
  });

  test('never show up in the summary at the end', () => {
    const json = JSON.stringify(summaryCard(session({ status: 'closed' }), board, 'en'));
    expect(json).not.toContain('Priya Private');
    expect(json).not.toContain('Interviewing elsewhere');
    expect(json).not.toContain('⛈️');
  });

  test('the person who answered privately sees their own note and is told it is hidden', () => {
    const card = checkInCard(session(), board, { kind: 'mine', answer: privateAnswer }, 'en');
    expect(textRuns(card)).toContain('Interviewing elsewhere, shh');
    expect(objectsIn(card.body).map((o) => o.text)).toContain('Only counted: your name, mood and note are hidden from the meeting.');
    // ...while the board part of their card still does not list them.
    expect(entriesOf(card).flatMap((e) => textRuns(e))).not.toContain('Priya Private');
  });
});
