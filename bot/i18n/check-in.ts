// The check-in's words in every language Hallway speaks: the card, its replies, the question banks.
import type { MoodId } from '../domain/check-in/model';
import type { UiLocale } from './locales';
import { Messages } from './translate';
import de from './catalogues/checkIn/de.json';
import en from './catalogues/checkIn/en.json';
import es from './catalogues/checkIn/es.json';
import fr from './catalogues/checkIn/fr.json';
import ja from './catalogues/checkIn/ja.json';

export const checkInText = new Messages(en, { de, fr, es, ja });
export type CheckInMessageId = keyof typeof en;

/** A mood's name, as the form's choices and the board show it. */
export function moodName(locale: UiLocale, mood: MoodId): string {
  return checkInText.format(locale, `checkIn.mood.${mood}`);
}

/** Questions of the banks as each language asks them (a few dozen per language): every card shows one. */
const asked = new Map<string, string>();

/**
 * A check-in's question in `locale`: a question of the banks by its id (the banks are parallel
 * across languages, one id per question), anything else (an organiser's own question, an id no
 * bank has any more) as it was stored.
 */
export function questionIn(locale: UiLocale, session: { questionId: string; question: string }): string {
  const key = `${locale}\u0000${session.questionId}`;
  const known = asked.get(key);
  if (known !== undefined) return known;
  const id = `checkIn.question.${session.questionId}`;
  if (!Object.hasOwn(en, id)) return session.question;
  const text = checkInText.format(locale, id as CheckInMessageId);
  asked.set(key, text);
  return text;
}
