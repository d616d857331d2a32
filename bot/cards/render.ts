import * as ACData from 'adaptivecards-templating';
import breakReminder from './templates/break-reminder.json';
import checkIn from './templates/check-in.json';
import checkInEntry from './templates/check-in-entry.json';
import coffeeFollowUp from './templates/coffee-follow-up.json';
import coffeeMatch from './templates/coffee-match.json';
import confirm from './templates/confirm.json';
import facts from './templates/facts.json';
import help from './templates/help.json';
import notice from './templates/notice.json';
import summary from './templates/summary.json';
import welcome from './templates/welcome.json';

export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; [key: string]: unknown };
export type CardElement = Record<string, unknown>;

export type CheckInCardData = {
  sessionId: string;
  meetingTitle: string;
  question: string;
  statusLabel: string;
  isOpen: boolean;
  showForm: boolean;
  form: { mood: string; note: string; visibility: string; error: string };
  showMine: boolean;
  mine: { headline: string; note: string; detail: string; editLabel: string };
  board: { countLine: string; moodLine: string; privateLine: string };
  entries: CardElement[];
  moreLine: string;
  refreshUserIds: string[];
  showRefreshButton: boolean;
};

export type CoffeeMatchData = {
  programmeId: string;
  headline: string;
  partners: { name: string; reason: string }[];
  captainLine: string;
  starter: string;
  lengthLine: string;
  groupChatUrl: string;
  scheduleUrl: string;
};

export type BreakReminderData = {
  breakId: string;
  date: string;
  title: string;
  whenLine: string;
  comingLine: string;
  coming: string;
  notComingLine: string;
  topicsLine: string;
  topics: { topicId: string; text: string; votes: number }[];
  topicDraft: string;
  error: string;
  joinUrl: string;
};

export type EntryData = { emoji: string; name: string; note: string; sayHiUrl: string };

/** Every template and the data it expects. Each field must be present: a missing one would show `${...}`. */
type TemplateData = {
  'check-in': CheckInCardData;
  'check-in-entry': EntryData;
  summary: { meetingTitle: string; countLine: string; moodLine: string; closing: string };
  notice: { title: string; text: string };
  facts: { title: string; facts: { title: string; value: string }[]; footer: string };
  'break-reminder': BreakReminderData;
  confirm: { title: string; text: string; verb: string; confirmTitle: string; cancelTitle: string };
  'coffee-match': CoffeeMatchData;
  'coffee-follow-up': { question: string; detail: string; roundId: string; askAgain: boolean };
  welcome: Record<string, never>;
  help: { title: string };
};

const TEMPLATES: { [K in keyof TemplateData]: object } = {
  'check-in': checkIn,
  'check-in-entry': checkInEntry,
  summary,
  notice,
  facts,
  confirm,
  'break-reminder': breakReminder,
  'coffee-match': coffeeMatch,
  'coffee-follow-up': coffeeFollowUp,
  welcome,
  help,
};

const compiled = new Map<string, ACData.Template>();

function expand<K extends keyof TemplateData>(name: K, data: TemplateData[K]): Record<string, unknown> {
  let template = compiled.get(name);
  if (!template) {
    template = new ACData.Template(TEMPLATES[name]);
    compiled.set(name, template);
  }
  const expanded = template.expand({ $root: data }) as Record<string, unknown>;
  delete expanded.$schema;
  return expanded;
}

type CardName = Exclude<keyof TemplateData, 'check-in-entry'>;

/** Expands a designer-compatible card template with data. */
export function renderCard<K extends CardName>(name: K, data: TemplateData[K]): AdaptiveCard {
  return expand(name, data) as AdaptiveCard;
}

/** One answer on the check-in board, as a card element. */
export function renderEntry(data: EntryData): CardElement {
  return expand('check-in-entry', data);
}

export const CARD_NAMES = (Object.keys(TEMPLATES) as (keyof TemplateData)[]).filter(
  (name): name is CardName => name !== 'check-in-entry',
);

/** The answer to a button Hallway does not know (an old card, or a verb it no longer has). */
export function unknownActionCard(): AdaptiveCard {
  return renderCard('notice', {
    title: "Sorry, that button didn't work",
    text: 'This card may be from an older version of Hallway. Type help to see what I can do.',
  });
}
