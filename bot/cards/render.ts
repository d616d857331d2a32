import type { CodeText } from '../domain/user-text';
import { compileTemplate } from './compile-template';
import { compileTemplateText } from './compile-template-text';
import breakReminder from './templates/break-reminder.json';
import checkIn from './templates/check-in.json';
import checkInEntry from './templates/check-in-entry.json';
import coffeeFollowUp from './templates/coffee-follow-up.json';
import coffeeMatch from './templates/coffee-match.json';
import confirm from './templates/confirm.json';
import days from './templates/days.json';
import daysPlan from './templates/days-plan.json';
import daysTalk from './templates/days-talk.json';
import daysMet from './templates/days-met.json';
import facts from './templates/facts.json';
import help from './templates/help.json';
import notice from './templates/notice.json';
import summary from './templates/summary.json';
import welcome from './templates/welcome.json';

export type AdaptiveCard = { type: 'AdaptiveCard'; version: string; body: unknown[]; [key: string]: unknown };
/** What a card button is answered with: a card, or the same already serialised ({@link SerialisedCard}). */
export type CardReply = AdaptiveCard | SerialisedCard;
export type CardElement = Record<string, unknown>;

/*
 * Field types say where a field lands. `string`: a TextRun's text (inside a RichTextBlock), an input's
 * value, or an id in action data or refresh.userIds: never rendered as Markdown, so it may carry
 * UserText. `CodeText`: a TextBlock, an action title, a URL, anything else: only what Hallway wrote
 * (or, for URLs, built and checked). tests/unit/card-user-text.test.ts renders every template with
 * Markdown, HTML and a link in every field that is not CodeText.
 */

/** One run of a sentence; `strong` is a name or a question quoted inside Hallway's own words. */
export type SentencePart = string | { strong: string };
/** A sentence that may quote what people typed: shown as TextRuns, each part as it is. */
export type Sentence = string | readonly SentencePart[];

/** A part of a sentence shown in bold: a name, a team, a question. */
export function strong(text: string): SentencePart {
  return { strong: text };
}

export type CheckInCardData = {
  sessionId: string;
  meetingTitle: string;
  question: string;
  statusLabel: CodeText;
  isOpen: boolean;
  showForm: boolean;
  form: { mood: string; note: string; visibility: string; error: CodeText };
  showMine: boolean;
  mine: { headline: CodeText; note: string; detail: CodeText; editLabel: CodeText };
  board: { countLine: CodeText; moodLine: CodeText; privateLine: CodeText };
  entries: CardElement[];
  moreLine: CodeText;
  refreshUserIds: string[];
  showRefreshButton: boolean;
  /** The card's fixed words, in the language of whoever sees this view. */
  text: CheckInWords;
};

/** The check-in card's own words: its title, status, the form's labels and choices, its buttons. */
export type CheckInWords = {
  title: CodeText;
  open: CodeText;
  closed: CodeText;
  closedLine: CodeText;
  refresh: CodeText;
  moodLabel: CodeText;
  moodError: CodeText;
  /** Each mood's choice title, its emoji and name. */
  great: CodeText;
  good: CodeText;
  okay: CodeText;
  low: CodeText;
  rough: CodeText;
  noteLabel: CodeText;
  notePlaceholder: CodeText;
  visibilityLabel: CodeText;
  shared: CodeText;
  private: CodeText;
  submit: CodeText;
  skip: CodeText;
};

export type CoffeeMatchData = {
  programmeId: string;
  headline: string;
  partners: { name: string; reason: string }[];
  captainLine: Sentence;
  starter: CodeText;
  lengthLine: CodeText;
  groupChatUrl: CodeText;
  scheduleUrl: CodeText;
  labels: {
    title: CodeText;
    starter: CodeText;
    openChat: CodeText;
    schedule: CodeText;
    needBreak: CodeText;
    pause1: CodeText;
    pause2: CodeText;
    pause4: CodeText;
    pause8: CodeText;
    pause: CodeText;
  };
};

/** "Did you meet?" in the 1:1 chat, and the thanks once answered. */
export type CoffeeFollowUpData = {
  question: string;
  detail: CodeText;
  roundId: string;
  askAgain: boolean;
  labels: { title: CodeText; yes: CodeText; planned: CodeText; no: CodeText };
};

export type BreakReminderData = {
  breakId: string;
  date: string;
  title: string;
  whenLine: string;
  comingLine: CodeText;
  coming: string;
  notComingLine: CodeText;
  topicsLine: CodeText;
  topics: { topicId: string; text: string; votes: number }[];
  topicDraft: string;
  error: CodeText;
  /** An https URL an organiser pasted (the tab accepts nothing else); opened by the Join button. */
  joinUrl: CodeText;
  labels: {
    title: CodeText;
    noAgenda: CodeText;
    addTopicLabel: CodeText;
    topicPlaceholder: CodeText;
    join: CodeText;
    in: CodeText;
    out: CodeText;
    addTopic: CodeText;
  };
};

/** Days together's card in the team's channel: each day, who is coming, the tables once drawn, the two answers. */
export type DaysCardData = {
  /** The card's fixed words, in the team's language. */
  text: { heading: CodeText; intro: CodeText; coming: CodeText; notComing: CodeText; where: CodeText };
  place: string;
  datesLine: CodeText;
  /** An https URL an organiser gave (the tab accepts nothing else), or ''. */
  link: CodeText;
  days: {
    planId: string;
    date: string;
    label: CodeText;
    comingLine: CodeText;
    coming: string;
    photoLine: CodeText;
    tables: { label: CodeText; names: string }[];
    /** The day is not over: the buttons show. */
    open: boolean;
  }[];
  footer: CodeText;
  error: CodeText;
};

/** One person's private plan: their table, their walk, their face-to-face talks, a starter. */
export type DaysPlanCardData = {
  /** The card's fixed words, in the reader's language; `lunch`, `walk` and `talk` come before the names. */
  text: { heading: CodeText; title: CodeText; lunch: CodeText; walk: CodeText; talk: CodeText; starterLabel: CodeText; onlyYou: CodeText };
  place: string;
  days: { label: CodeText; tableMates: string; walkWith: string; talks: { name: string; when: CodeText }[]; photoLine: CodeText }[];
  starter: CodeText;
};

/** One shared answer; `sayHi` is the Say hi link's title, shown only with a link. */
export type EntryData = { emoji: string; name: string; note: string; sayHiUrl: CodeText; sayHi: CodeText };

/** A list of facts: each title and value a TextRun, since either may be a name or a break's title. */
export type FactsData = { title: CodeText; place: string; facts: { title: string; value: string }[]; footer: CodeText };

/** Every template and the data it expects. Each field must be present: a missing one would show `${...}`. */
export type TemplateData = {
  'check-in': CheckInCardData;
  'check-in-entry': EntryData;
  summary: { title: CodeText; meetingTitle: string; countLine: CodeText; moodLine: CodeText; closing: CodeText };
  notice: { title: CodeText; text: Sentence };
  facts: FactsData;
  'break-reminder': BreakReminderData;
  days: DaysCardData;
  'days-plan': DaysPlanCardData;
  /** A private request for time face to face, to the one colleague asked. */
  'days-talk': { text: { heading: CodeText; note: CodeText; accept: CodeText; decline: CodeText }; request: Sentence; planId: string; requestId: string };
  /** After the days, to each person: did you meet someone new? */
  'days-met': { text: { heading: CodeText; question: CodeText; note: CodeText; yes: CodeText; no: CodeText }; place: string; planId: string };
  confirm: { title: CodeText; text: CodeText; verb: CodeText; confirmTitle: CodeText; cancelTitle: CodeText };
  'coffee-match': CoffeeMatchData;
  'coffee-follow-up': CoffeeFollowUpData;
  welcome: { title: CodeText; intro: CodeText; facts: { title: CodeText; value: CodeText }[]; footer: CodeText };
  /** The commands in the reader's language, each with what it does. */
  help: { title: CodeText; commands: { title: CodeText; value: CodeText }[]; footer: CodeText };
};

/** Every template as written (designer-compatible JSON in the templating language). */
export const TEMPLATES: { [K in keyof TemplateData]: object } = {
  'check-in': checkIn,
  'check-in-entry': checkInEntry,
  summary,
  notice,
  facts,
  confirm,
  'break-reminder': breakReminder,
  days,
  'days-plan': daysPlan,
  'days-talk': daysTalk,
  'days-met': daysMet,
  'coffee-match': coffeeMatch,
  'coffee-follow-up': coffeeFollowUp,
  welcome,
  help,
};

/** The fields given as a Sentence; the template puts them in a RichTextBlock's inlines. */
const SENTENCE_FIELDS: { [K in keyof TemplateData]?: (keyof TemplateData[K] & string)[] } = {
  notice: ['text'],
  'days-talk': ['request'],
  'coffee-match': ['captainLine'],
};

function textRuns(sentence: Sentence): CardElement[] {
  const parts = typeof sentence === 'string' ? [sentence] : sentence;
  return parts
    .filter((part) => (typeof part === 'string' ? part : part.strong) !== '')
    .map((part) => (typeof part === 'string' ? { type: 'TextRun', text: part } : { type: 'TextRun', text: part.strong, weight: 'Bolder' }));
}

/** The data a template is expanded with: sentences made TextRuns (the rest as given). */
export function templateData<K extends keyof TemplateData>(name: K, data: TemplateData[K]): unknown {
  const fields = SENTENCE_FIELDS[name];
  if (!fields) return data;
  const prepared: Record<string, unknown> = { ...(data as Record<string, unknown>) };
  for (const field of fields) prepared[field] = textRuns(prepared[field] as Sentence);
  return prepared;
}

/**
 * Each template compiled once, when Hallway starts (see compile-template.ts): a template the
 * compiler cannot take stops the start rather than rendering differently. `$schema` is for the
 * designer only and is not sent.
 */
const DESIGNER_ONLY = Object.entries(TEMPLATES).map(([name, template]) => {
  const { $schema: _designerOnly, ...card } = template as Record<string, unknown>;
  return [name, card] as const;
});
const COMPILED = Object.fromEntries(DESIGNER_ONLY.map(([name, card]) => [name, compileTemplate(name, card)])) as {
  [K in keyof TemplateData]: (data: unknown) => unknown;
};
/** The same, compiled to give the card's JSON text (for the cards sent as text). */
const COMPILED_TEXT = Object.fromEntries(DESIGNER_ONLY.map(([name, card]) => [name, compileTemplateText(name, card)])) as {
  [K in keyof TemplateData]: (data: unknown) => string;
};

function expand<K extends keyof TemplateData>(name: K, data: TemplateData[K]): Record<string, unknown> {
  return COMPILED[name](templateData(name, data)) as Record<string, unknown>;
}

type CardName = Exclude<keyof TemplateData, 'check-in-entry'>;

/** Expands a designer-compatible card template with data. */
export function renderCard<K extends CardName>(name: K, data: TemplateData[K]): AdaptiveCard {
  return expand(name, data) as AdaptiveCard;
}

/** The same card as JSON text: exactly `JSON.stringify(renderCard(name, data))`, without building its objects. */
export function renderCardText<K extends CardName>(name: K, data: TemplateData[K]): string {
  return COMPILED_TEXT[name](templateData(name, data));
}

/**
 * A card already serialised, as an invoke answer carries it: the HTTP answer writes its text as it
 * is. Anything that serialises it another way (a log, botbuilder) gets the same JSON through `toJSON`.
 */
export class SerialisedCard {
  constructor(readonly json: string) {}

  toJSON(): unknown {
    return JSON.parse(this.json);
  }
}

/** One answer on the check-in board, as a card element. */
export function renderEntry(data: EntryData): CardElement {
  return expand('check-in-entry', data);
}

export const CARD_NAMES = (Object.keys(TEMPLATES) as (keyof TemplateData)[]).filter((name): name is CardName => name !== 'check-in-entry');
