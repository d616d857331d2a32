import type { MeetingSettings } from './model';

/**
 * A question of a bank: its id is stored with each check-in (rotation goes by it), its English text
 * too, as the question asked. Each language has its own wording of every id, written for its
 * readers, in bot/i18n/catalogues/checkIn (`checkIn.question.<id>`): cards show the question by its
 * id in the reader's language. A question is never dropped from a bank while check-ins name it
 * (they would fall back to the stored English); tests/unit/check-in-languages.test.ts keeps the
 * English catalogue and this text the same.
 */
export type Question = { id: string; text: string };

const LIGHT: Question[] = [
  { id: 'light-01', text: 'How are you arriving today?' },
  { id: 'light-02', text: "What's one small thing that made you smile this week?" },
  { id: 'light-03', text: 'What are you drinking right now?' },
  { id: 'light-04', text: "What's the weather like where you are?" },
  { id: 'light-05', text: "What's on your desk that has a story?" },
  { id: 'light-06', text: "What's something you're looking forward to?" },
  { id: 'light-07', text: 'What did you have for breakfast?' },
  { id: 'light-08', text: "What's a song that's been stuck in your head?" },
  { id: 'light-09', text: 'Cats, dogs, or neither?' },
  { id: 'light-10', text: "What's the last thing you cooked?" },
  { id: 'light-11', text: 'If today were a film genre, what would it be?' },
  { id: 'light-12', text: "What's one thing you learned recently?" },
];

const DEEPER: Question[] = [
  { id: 'deeper-01', text: "What's taking up most of your head space today?" },
  { id: 'deeper-02', text: "What's something you could use help with this week?" },
  { id: 'deeper-03', text: 'What gave you energy recently, and what drained it?' },
  { id: 'deeper-04', text: "What's a win, however small, since we last met?" },
  { id: 'deeper-05', text: 'What would make this week a good one for you?' },
  { id: 'deeper-06', text: "Is there anything you'd like the team to know about how you're doing?" },
  { id: 'deeper-07', text: "What's something you're proud of but haven't mentioned?" },
  { id: 'deeper-08', text: "What's one thing you'd change about how we work together?" },
  { id: 'deeper-09', text: 'Where did you get stuck lately, and how did you get unstuck?' },
  { id: 'deeper-10', text: 'Who helped you recently, and how?' },
];

export const QUESTION_BANKS = { light: LIGHT, deeper: DEEPER } as const;

/** The questions a meeting draws from; custom falls back to light when the organiser left it empty. */
export function bankFor(settings: MeetingSettings): Question[] {
  if (settings.questionBank === 'custom') {
    const own = settings.customQuestions
      .map((text) => text.trim())
      .filter((text) => text.length > 0)
      .map((text, i) => ({ id: `custom-${i + 1}:${text}`, text }));
    if (own.length > 0) return own;
    return LIGHT;
  }
  return QUESTION_BANKS[settings.questionBank];
}

/**
 * The next question for a series: none already asked in the current cycle through the bank; once
 * the bank is used up a new cycle starts, avoiding the question asked last so the seam never repeats.
 * `history` is every question id asked in the series, oldest first.
 */
export function nextQuestion(bank: Question[], history: string[], random: () => number): Question {
  const ids = new Set(bank.map((q) => q.id));
  let cycle = new Set<string>();
  for (const id of history) {
    if (!ids.has(id)) continue;
    cycle.add(id);
    if (cycle.size === ids.size) cycle = new Set();
  }
  let candidates = bank.filter((q) => !cycle.has(q.id));
  const last = history[history.length - 1];
  if (cycle.size === 0 && candidates.length > 1) candidates = candidates.filter((q) => q.id !== last);
  const index = Math.min(candidates.length - 1, Math.floor(random() * candidates.length));
  return candidates[index]!;
}
