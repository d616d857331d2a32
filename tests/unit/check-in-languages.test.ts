import { checkInCard } from '../../bot/cards/check-in-card';
import { buildBoard } from '../../bot/domain/check-in/board';
import { QUESTION_BANKS } from '../../bot/domain/check-in/questions';
import { checkInText, questionIn, type CheckInMessageId } from '../../bot/i18n/check-in';
import en from '../../bot/i18n/catalogues/checkIn/en.json';
import { LOCALES } from '../../bot/i18n/locales';
import { texts } from '../fixtures/cards';
import { answer, session } from '../fixtures/check-ins';

const bankQuestions = [...QUESTION_BANKS.light, ...QUESTION_BANKS.deeper];

describe('the question banks in every language', () => {
  test('every question of the banks has its text in the English catalogue, word for word the text stored with a check-in', () => {
    for (const q of bankQuestions) expect([q.id, (en as Record<string, string>)[`checkIn.question.${q.id}`]]).toEqual([q.id, q.text]);
  });

  test.each([...LOCALES.filter((l) => l !== 'en')])('in %s, every question is its own text, none left in English', (locale) => {
    const asked = bankQuestions.map((q) => checkInText.format(locale, `checkIn.question.${q.id}` as CheckInMessageId));
    for (const [i, q] of bankQuestions.entries()) expect([q.id, asked[i] === q.text]).toEqual([q.id, false]);
    expect(new Set(asked).size).toBe(bankQuestions.length);
  });

  test('a check-in stored before the banks had languages (English text and its id) is asked in the reader’s language', () => {
    expect(questionIn('de', { questionId: 'deeper-10', question: 'Who helped you recently, and how?' })).toBe('Wer hat dir in letzter Zeit geholfen, und wie?');
  });

  test("an organiser's own question is shown as they typed it, in every language", () => {
    const own = { questionId: 'custom-1:Qué tal el finde?', question: 'Qué tal el finde?' };
    for (const locale of LOCALES) expect(questionIn(locale, own)).toBe('Qué tal el finde?');
  });
});

describe('one board, two languages', () => {
  test('the same answers drawn for a German and an English reader each carry their own Say hi link title', () => {
    const board = buildBoard([answer(0, { note: 'Sunny' })]);
    const german = texts(checkInCard(session(), board, { kind: 'shared' }, 'de'));
    const english = texts(checkInCard(session(), board, { kind: 'shared' }, 'en'));
    expect(german.join()).toContain('Hallo sagen');
    expect(german.join()).not.toContain('Say hi');
    expect(english.join()).toContain('Say hi');
    expect(texts(checkInCard(session(), board, { kind: 'shared' }, 'de')).join()).toContain('Hallo sagen');
  });

  test('counts take the plural of the language', () => {
    const one = buildBoard([answer(0)]);
    const three = buildBoard([answer(0), answer(1), answer(2), answer(3, { skipped: true })]);
    expect(texts(checkInCard(session(), one, { kind: 'shared' }, 'fr'))).toContain('1 personne a répondu');
    expect(texts(checkInCard(session(), three, { kind: 'shared' }, 'fr'))).toContain('3 personnes ont répondu · 1 a passé son tour');
    expect(texts(checkInCard(session(), three, { kind: 'shared' }, 'de'))).toContain('3 Personen haben eingecheckt · 1 ausgelassen');
  });

  test('in the pseudo-locale every word of the card went through the catalogue', () => {
    const board = buildBoard([answer(0, { visibility: 'private' }), answer(1, { skipped: true })]);
    const card = checkInCard(session(), board, { kind: 'form', error: { kind: 'no-mood' } }, 'qps-ploc');
    const hallwaysWords = JSON.stringify(card);
    for (const english of ['How are you', 'Check in', 'Skip today', 'Refresh', 'Great', 'Who sees your answer', 'checked in']) {
      expect([english, hallwaysWords.includes(english)]).toEqual([english, false]);
    }
  });
});
