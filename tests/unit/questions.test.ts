import { DEFAULT_MEETING_SETTINGS, type MeetingSettings } from '../../bot/domain/check-in/model';
import { bankFor, nextQuestion, QUESTION_BANKS, type Question } from '../../bot/domain/check-in/questions';
import { seededRandom } from '../fixtures/random';

const settings = (overrides: Partial<MeetingSettings>): MeetingSettings => ({ ...DEFAULT_MEETING_SETTINGS, ...overrides });

/** Asks `count` questions in a row, as a meeting series would, returning the ids asked. */
function askInSeries(bank: Question[], count: number, random: () => number, history: string[] = []): string[] {
  const asked = [...history];
  for (let i = 0; i < count; i++) {
    const q = nextQuestion(bank, asked, random);
    expect(bank).toContainEqual(q);
    asked.push(q.id);
  }
  return asked.slice(history.length);
}

const BANKS = Object.entries(QUESTION_BANKS) as [string, Question[]][];
const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe('question rotation in a meeting series', () => {
  test.each(BANKS)('the %s bank asks every question once before any question comes back', (_, bank) => {
    for (const seed of SEEDS) {
      const asked = askInSeries(bank, bank.length, seededRandom(seed));
      expect(new Set(asked).size).toBe(bank.length);
    }
  });

  test.each(BANKS)('once the %s bank is used up a new round starts, again without repeats, and never repeats the question just asked', (_, bank) => {
    const n = bank.length;
    for (const seed of SEEDS) {
      const asked = askInSeries(bank, n * 3, seededRandom(seed));
      for (let round = 0; round < 3; round++) {
        expect(new Set(asked.slice(round * n, (round + 1) * n)).size).toBe(n);
      }
      expect(asked[n]).not.toBe(asked[n - 1]);
      expect(asked[2 * n]).not.toBe(asked[2 * n - 1]);
    }
  });

  test('at the seam between rounds the last question is skipped even when chance points straight at it', () => {
    const bank = QUESTION_BANKS.light;
    const inOrder = bank.map((q) => q.id);
    const reversed = [...inOrder].reverse();
    // Without the seam rule, 0 picks the first question of the bank and 0.99999 the last one.
    expect(nextQuestion(bank, reversed, () => 0).id).not.toBe(reversed.at(-1));
    expect(nextQuestion(bank, inOrder, () => 0.99999).id).not.toBe(inOrder.at(-1));
  });

  test('with one question left in the round, that is the one asked', () => {
    const bank = QUESTION_BANKS.light;
    const history = bank.slice(0, -1).map((q) => q.id);
    for (const r of [0, 0.5, 0.99999]) {
      expect(nextQuestion(bank, history, () => r)).toEqual(bank.at(-1));
    }
  });

  test('questions asked under another question style do not hold back the new style', () => {
    const light = QUESTION_BANKS.light.map((q) => q.id);
    const deeper = QUESTION_BANKS.deeper;
    const asked = askInSeries(deeper, deeper.length, seededRandom(7), light);
    expect(new Set(asked).size).toBe(deeper.length);
  });

  test('a random source at its very top still gives a question from the bank', () => {
    const bank = QUESTION_BANKS.deeper;
    expect(bank).toContainEqual(nextQuestion(bank, [], () => 1));
  });

  test('a bank with a single question keeps asking it', () => {
    const bank = [{ id: 'only', text: 'Tea or coffee?' }];
    expect(askInSeries(bank, 3, seededRandom(1))).toEqual(['only', 'only', 'only']);
  });
});

describe('which questions a meeting draws from', () => {
  test('light and deeper settings pick those banks', () => {
    expect(bankFor(settings({ questionBank: 'light' }))).toEqual(QUESTION_BANKS.light);
    expect(bankFor(settings({ questionBank: 'deeper' }))).toEqual(QUESTION_BANKS.deeper);
  });

  test("the organiser's own questions are asked, trimmed, with blank lines left out", () => {
    const bank = bankFor(
      settings({
        questionBank: 'custom',
        customQuestions: ['  What are you reading?  ', '', '   ', 'Best snack for a long meeting?', '\t'],
      }),
    );
    expect(bank.map((q) => q.text)).toEqual(['What are you reading?', 'Best snack for a long meeting?']);
    expect(new Set(bank.map((q) => q.id)).size).toBe(2);
  });

  test("the organiser's own questions rotate without repeats like the built-in ones", () => {
    const bank = bankFor(settings({ questionBank: 'custom', customQuestions: ['One?', 'Two?', 'Three?'] }));
    const asked = askInSeries(bank, 3, seededRandom(3));
    expect(new Set(asked).size).toBe(3);
  });

  test.each([
    ['no questions', []],
    ['only blank questions', ['', '   ', '\n\t']],
  ])('a custom bank with %s falls back to the light questions', (_, customQuestions) => {
    expect(bankFor(settings({ questionBank: 'custom', customQuestions }))).toEqual(QUESTION_BANKS.light);
  });
});
