import { buildBoard } from '../../bot/domain/check-in/board';
import { MOODS } from '../../bot/domain/check-in/model';
import { answer, person } from '../fixtures/check-ins';

/** Newest first, as storage lists them: person 0 answered last. */
const answers = [
  answer(0, { mood: 'great', note: 'Sunny in Lisbon' }),
  answer(1, { mood: 'rough', note: 'Secret: job hunting', visibility: 'private' }),
  answer(2, { skipped: true }),
  answer(3, { mood: 'great' }),
  answer(4, { mood: 'low', note: 'Cold again' }),
  answer(5, { skipped: true, visibility: 'private' }),
  answer(6, { mood: 'okay', visibility: 'private' }),
];

describe('the check-in board everyone sees', () => {
  test('counts who checked in and who skipped today', () => {
    const board = buildBoard(answers);
    expect(board.checkedIn).toBe(5);
    expect(board.skipped).toBe(2);
  });

  test('private answers are counted as checked in, but only as a number', () => {
    expect(buildBoard(answers).privateCount).toBe(2);
  });

  test('private answers never appear among the shared answers', () => {
    const { shared } = buildBoard(answers);
    const names = shared.map((e) => e.person.name);
    expect(names).not.toContain(person(1).name);
    expect(names).not.toContain(person(6).name);
    expect(shared.map((e) => e.note)).not.toContain('Secret: job hunting');
  });

  test("private answers' moods stay out of the mood spread", () => {
    const counts = Object.fromEntries(buildBoard(answers).moods.map((m) => [m.id, m.count]));
    expect(counts).toEqual({ great: 2, good: 0, okay: 0, low: 1, rough: 0 });
  });

  test('the mood spread lists all five moods, sunniest first, with their emoji', () => {
    expect(buildBoard(answers).moods.map(({ id, emoji, label }) => ({ id, emoji, label }))).toEqual(MOODS.map((m) => ({ ...m })));
  });

  test('shared answers show name, mood and note, newest first', () => {
    expect(buildBoard(answers).shared).toEqual([
      { person: person(0), mood: 'great', note: 'Sunny in Lisbon', answeredAt: answers[0]!.answeredAt },
      { person: person(3), mood: 'great', note: undefined, answeredAt: answers[3]!.answeredAt },
      { person: person(4), mood: 'low', note: 'Cold again', answeredAt: answers[4]!.answeredAt },
    ]);
  });

  test('everyone who answered, shared, private or skipped, gets their own view of the card', () => {
    expect(buildBoard(answers).respondents).toEqual(answers.map((a) => a.person.userId));
  });

  test('before anyone answers, the board is empty', () => {
    const board = buildBoard([]);
    expect(board).toMatchObject({ checkedIn: 0, skipped: 0, privateCount: 0, shared: [], respondents: [] });
    expect(board.moods.every((m) => m.count === 0)).toBe(true);
  });
});
