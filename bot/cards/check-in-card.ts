import { buildBoard, type Board, type SharedEntry } from '../domain/check-in/board';
import { moodOf, NOTE_MAX_LENGTH, type Answer, type CheckInSession, type MeetingSettings, type MoodId, type Visibility } from '../domain/check-in/model';
import { bankFor } from '../domain/check-in/questions';
import { checkInText, moodName, questionIn, type CheckInMessageId } from '../i18n/check-in';
import type { UiLocale } from '../i18n/locales';
import { rememberJson } from './compile-template-text';
import {
  renderCard,
  renderCardText,
  renderEntry,
  SerialisedCard,
  type AdaptiveCard,
  type CardElement,
  type CheckInCardData,
  type CheckInWords,
} from './render';

/**
 * Teams refreshes per-user views automatically for at most this many users. The list is part of
 * the card everyone receives, so it holds only people the card already names (shared answers):
 * listing someone who chose "only show that I checked in", or who skipped, would tell who they are.
 * They see their own answer by pressing Refresh, which the card then offers.
 */
export const REFRESH_USER_LIMIT = 60;
/** Say hi links are offered in meetings with at most this many shared answers. */
export const SAY_HI_LIMIT = 20;
/** Whole card, serialised; Teams' limit is about 40 KB, so leave room for the envelope. */
export const CARD_BUDGET_BYTES = 36 * 1024;
/**
 * A personal view in a meeting above the refresh limit lasts only until the next shared update
 * (within 2 seconds), which shows everyone; it carries the newest answers only. It is the answer
 * to every one of hundreds of people answering at once, so its size is most of what a burst costs.
 */
export const LARGE_MEETING_PERSONAL_BUDGET_BYTES = 4 * 1024;
/** Room kept for the "+N more" line. */
const MORE_LINE_RESERVE = 200;

export const VERBS = {
  submit: 'check-in.submit',
  skip: 'check-in.skip',
  edit: 'check-in.edit',
  refresh: 'check-in.refresh',
} as const;

export type CheckInView =
  /** What everyone sees in the chat: the form while open, the board always. */
  | { kind: 'shared' }
  /** The answerer's own view: their answer and an Edit button. */
  | { kind: 'mine'; answer: Answer }
  /** The form for one person, filled with what they gave last (or just typed), with an optional error. */
  | { kind: 'form'; values?: { mood?: MoodId; note?: string; visibility?: Visibility }; error?: FormError };

/** What is wrong with what someone sent, told in their language. */
export type FormError = { kind: 'no-mood' } | { kind: 'note-too-long'; length?: number };

export function sayHiUrl(upn: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upn)}`;
}

const entryCache = new Map<string, { element: CardElement; bytes: number }>();
const ENTRY_CACHE_LIMIT = 20_000;

/**
 * The same entries, as objects of one board: a board serves many cards (every personal card of a
 * second, the shared card), so an entry is looked up by the object first, without building its key.
 * An entry's words are its Say hi link's only: without the link it is the same in every language.
 */
const entryByObject = new WeakMap<SharedEntry, { sayHi: string; rendered: { element: CardElement; bytes: number } }>();

/** Rendered entries are cached: they only change when the answer does. */
function entryElement(entry: SharedEntry, sayHi: string): { element: CardElement; bytes: number } {
  const known = entryByObject.get(entry);
  if (known && known.sayHi === sayHi) return known.rendered;
  const rendered = renderedEntry(entry, sayHi);
  entryByObject.set(entry, { sayHi, rendered });
  return rendered;
}

function renderedEntry(entry: SharedEntry, sayHi: string): { element: CardElement; bytes: number } {
  const url = sayHi && entry.person.upn ? sayHiUrl(entry.person.upn) : '';
  const label = url ? sayHi : '';
  const key = `${entry.person.userId}\u0000${entry.answeredAt.getTime()}\u0000${entry.mood}\u0000${entry.person.name}\u0000${entry.note ?? ''}\u0000${url}\u0000${label}`;
  let cached = entryCache.get(key);
  if (!cached) {
    const element = renderEntry({ emoji: moodOf(entry.mood).emoji, name: entry.person.name, note: entry.note ?? '', sayHiUrl: url, sayHi: label });
    // Its text is kept with it: every card that lists the entry writes it as it is.
    cached = { element, bytes: Buffer.byteLength(rememberJson(element), 'utf8') + 1 };
    if (entryCache.size >= ENTRY_CACHE_LIMIT) entryCache.clear();
    entryCache.set(key, cached);
  }
  return cached;
}

/** Size as sent: UTF-8 bytes of the JSON. */
export function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

/**
 * The lines of the answer path, each formatted once per language and values: a burst of answers
 * draws the same lines (the same counts, the same moods) hundreds of times a second, and ICU
 * formatting would cost more than the rest of the card.
 */
const lines = new Map<string, string>();
const LINES_LIMIT = 10_000;

function say(locale: UiLocale, id: CheckInMessageId, values?: Record<string, string | number>): string {
  const key = values ? `${locale}\u0000${id}\u0000${Object.values(values).join('\u0000')}` : `${locale}\u0000${id}`;
  let line = lines.get(key);
  if (line === undefined) {
    line = checkInText.format(locale, id, values);
    if (lines.size >= LINES_LIMIT) lines.clear();
    lines.set(key, line);
  }
  return line;
}

/** The card's fixed words in one language: the same for every card, so formatted once per language. */
const wordsByLocale = new Map<UiLocale, CheckInWords>();

function words(locale: UiLocale): CheckInWords {
  let known = wordsByLocale.get(locale);
  if (!known) {
    const t = checkInText.in(locale);
    const mood = (id: MoodId) => `${moodOf(id).emoji} ${moodName(locale, id)}`;
    known = {
      title: t('checkIn.title'),
      open: t('checkIn.status.open'),
      closed: t('checkIn.status.closed'),
      closedLine: t('checkIn.closed'),
      refresh: t('checkIn.refresh'),
      moodLabel: t('checkIn.form.moodLabel'),
      moodError: t('checkIn.form.moodError'),
      great: mood('great'),
      good: mood('good'),
      okay: mood('okay'),
      low: mood('low'),
      rough: mood('rough'),
      noteLabel: t('checkIn.form.noteLabel'),
      notePlaceholder: t('checkIn.form.notePlaceholder'),
      visibilityLabel: t('checkIn.form.visibilityLabel'),
      shared: t('checkIn.form.visibilityShared'),
      private: t('checkIn.form.visibilityPrivate'),
      submit: t('checkIn.form.submit'),
      skip: t('checkIn.form.skip'),
    };
    wordsByLocale.set(locale, known);
  }
  return known;
}

function boardLines(board: Board, locale: UiLocale): CheckInCardData['board'] {
  const t = (id: CheckInMessageId, values?: Record<string, string | number>) => say(locale, id, values);
  const count = board.checkedIn === 0 ? t('checkIn.board.nobody') : t('checkIn.board.checkedIn', { n: board.checkedIn });
  const moodLine = board.moods
    .filter((m) => m.count > 0)
    .map((m) => `${m.emoji} ${m.count}`)
    .join('   ');
  const privateLine = board.privateCount > 0 ? t('checkIn.board.private', { n: board.privateCount }) : '';
  return { countLine: board.skipped > 0 ? t('checkIn.board.withSkipped', { count, n: board.skipped }) : count, moodLine, privateLine };
}

/**
 * A value worked out once per board and key, and dropped with the board: the same board serves
 * every answer of a second. At most `limit` keys per board.
 */
function perBoard<K, V>(limit: number): (board: Board, key: K, make: () => V) => V {
  const byBoard = new WeakMap<Board, Map<K, V>>();
  return (board, key, make) => {
    let known = byBoard.get(board);
    if (!known) {
      known = new Map();
      byBoard.set(board, known);
    }
    let value = known.get(key);
    if (value === undefined) {
      value = make();
      if (known.size >= limit) known.clear();
      known.set(key, value);
    }
    return value;
  };
}

/** A board's lines, per language. */
const linesOfBoard = perBoard<UiLocale, CheckInCardData['board']>(16);

function boardLinesOf(board: Board, locale: UiLocale): CheckInCardData['board'] {
  return linesOfBoard(board, locale, () => boardLines(board, locale));
}

/** The answerer's own lines but their note, per language and answer kind. */
const mineByKind = new Map<string, Omit<CheckInCardData['mine'], 'note'>>();

function mineLines(answer: Answer, locale: UiLocale): CheckInCardData['mine'] {
  const skipped = answer.skipped || !answer.mood;
  const kind = `${locale}\u0000${skipped ? '' : answer.mood}\u0000${answer.visibility}`;
  let lines = mineByKind.get(kind);
  if (!lines) {
    const t = (id: CheckInMessageId, values?: Record<string, string | number>) => say(locale, id, values);
    lines = skipped
      ? { headline: t('checkIn.mine.skipped'), detail: t('checkIn.mine.skippedDetail'), editLabel: t('checkIn.mine.checkInAfterAll') }
      : {
          headline: t('checkIn.mine.checkedIn', { emoji: moodOf(answer.mood!).emoji }),
          detail: answer.visibility === 'shared' ? t('checkIn.mine.shared') : t('checkIn.mine.private'),
          editLabel: t('checkIn.mine.edit'),
        };
    mineByKind.set(kind, lines);
  }
  return { ...lines, note: skipped ? '' : (answer.note ?? '') };
}

function formError(error: FormError | undefined, locale: UiLocale): string {
  if (!error) return '';
  const t = checkInText.in(locale);
  if (error.kind === 'no-mood') return t('checkIn.form.pickMood');
  return error.length === undefined
    ? t('checkIn.form.keepNoteShort', { max: NOTE_MAX_LENGTH })
    : t('checkIn.form.noteTooLong', { length: error.length, max: NOTE_MAX_LENGTH });
}

const MINE_FIELDS = ['headline', 'note', 'detail', 'editLabel'] as const;
type MineField = (typeof MINE_FIELDS)[number];
/** Stand-ins for the answerer's own lines while a base is measured: found in the text by their escaped form. */
const STAND_IN: Record<MineField, string> = {
  headline: '\u0001headline\u0001',
  note: '\u0001note\u0001',
  detail: '\u0001detail\u0001',
  editLabel: '\u0001edit\u0001',
};
const STAND_IN_IN_TEXT = Object.fromEntries(MINE_FIELDS.map((f) => [f, JSON.stringify(STAND_IN[f]).slice(1, -1)])) as Record<MineField, string>;
const STAND_IN_BYTES = Object.fromEntries(MINE_FIELDS.map((f) => [f, jsonBytes(STAND_IN[f])])) as Record<MineField, number>;

type MeasuredBase = { bytes: number; uses: Record<MineField, number> };
/** Bases measured per board and per everything else the card shows. */
const basesOfBoard = perBoard<string, MeasuredBase>(64);

function jsonBytes(text: string): number {
  return Buffer.byteLength(JSON.stringify(text), 'utf8');
}

/**
 * The size of the card without its answers (which are then fitted into what is left), exactly
 * `Buffer.byteLength(renderCardText('check-in', data))` with `data.entries` empty. Many people
 * answering in the same second see the same board, and their cards differ only in their own lines:
 * so the card is measured once per board and view with stand-ins for those lines, and each
 * person's base is that size with their own lines' bytes in place of the stand-ins'.
 */
export function baseBytes(board: Board, data: CheckInCardData, locale: UiLocale): number {
  const empty = MINE_FIELDS.map((f) => (data.mine[f] === '' ? '0' : '1')).join('');
  // Everything the card shows apart from the board's lines and refresh list (the board's, in the
  // language of the fixed words) and the answerer's own lines (measured apart).
  const { sessionId, meetingTitle, question, statusLabel, isOpen, showForm, form, showMine } = data;
  const key = JSON.stringify([
    locale,
    sessionId,
    meetingTitle,
    question,
    statusLabel,
    isOpen,
    showForm,
    form.mood,
    form.note,
    form.visibility,
    form.error,
    showMine,
    empty,
  ]);
  const base = basesOfBoard(board, key, () => {
    const mine = Object.fromEntries(MINE_FIELDS.map((f) => [f, data.mine[f] === '' ? '' : STAND_IN[f]])) as CheckInCardData['mine'];
    const text = renderCardText('check-in', { ...data, mine, entries: [], moreLine: '' });
    const uses = Object.fromEntries(MINE_FIELDS.map((f) => [f, mine[f] === '' ? 0 : text.split(STAND_IN_IN_TEXT[f]).length - 1])) as Record<MineField, number>;
    return { bytes: Buffer.byteLength(text, 'utf8'), uses };
  });
  let bytes = base.bytes;
  for (const f of MINE_FIELDS) if (base.uses[f] > 0) bytes += base.uses[f] * (jsonBytes(data.mine[f]) - STAND_IN_BYTES[f]);
  return bytes;
}

/**
 * The check-in card for one view of a session, kept under the size budget, in `locale`: the
 * place's language for the shared card, the presser's for their own view.
 */
export function checkInCard(session: CheckInSession, board: Board, view: CheckInView, locale: UiLocale): AdaptiveCard {
  return renderCard('check-in', checkInCardData(session, board, view, locale));
}

/**
 * The same card as JSON text, for the answer to the person who pressed: it is the answer to each of
 * hundreds of people answering at once, so it is written once as text, never as objects.
 */
export function checkInCardText(session: CheckInSession, board: Board, view: CheckInView, locale: UiLocale): SerialisedCard {
  return new SerialisedCard(renderCardText('check-in', checkInCardData(session, board, view, locale)));
}

/** What the check-in template is expanded with for one view: the answers that fit the budget. */
export function checkInCardData(session: CheckInSession, board: Board, view: CheckInView, locale: UiLocale): CheckInCardData {
  const isOpen = session.status === 'open';
  const form = view.kind === 'form' ? view.values : undefined;
  const large = board.respondents.length > REFRESH_USER_LIMIT;
  const text = words(locale);
  const data: CheckInCardData = {
    sessionId: session.id,
    meetingTitle: session.title ?? '',
    question: questionIn(locale, session),
    statusLabel: isOpen ? text.open : text.closed,
    isOpen,
    showForm: isOpen && view.kind !== 'mine',
    form: {
      mood: form?.mood ?? '',
      note: form?.note ?? '',
      visibility: form?.visibility ?? session.defaultVisibility,
      error: view.kind === 'form' ? formError(view.error, locale) : '',
    },
    showMine: view.kind === 'mine',
    mine: view.kind === 'mine' ? mineLines(view.answer, locale) : { headline: '', note: '', detail: '', editLabel: '' },
    board: boardLinesOf(board, locale),
    entries: [],
    moreLine: '',
    // Measured at the most they can take; set to the people listed once the answers are placed.
    refreshUserIds: large ? [] : board.shared.map((entry) => entry.person.userId),
    showRefreshButton: true,
    text,
  };

  const base = baseBytes(board, data, locale);
  const sayHi = board.shared.length <= SAY_HI_LIMIT ? say(locale, 'checkIn.sayHi') : '';
  const listed: string[] = [];
  const budget = view.kind !== 'shared' && large ? LARGE_MEETING_PERSONAL_BUDGET_BYTES : CARD_BUDGET_BYTES;
  let room = budget - base - MORE_LINE_RESERVE;
  for (const entry of board.shared) {
    const { element, bytes } = entryElement(entry, sayHi);
    if (bytes > room) break;
    room -= bytes;
    data.entries.push(element);
    listed.push(entry.person.userId);
  }
  const hidden = board.shared.length - data.entries.length;
  if (hidden > 0) data.moreLine = say(locale, 'checkIn.more', { n: hidden });
  // Above the limit Teams would not refresh per user anyway: personal views last until the next update.
  data.refreshUserIds = large ? [] : listed;
  // Everyone else who answered (privately, skipped, not listed for room, or in a large meeting) refreshes by hand.
  data.showRefreshButton = board.respondents.length > data.refreshUserIds.length;
  return data;
}

/** The summary posted when the meeting ends, in the meeting's language. */
export function summaryCard(session: CheckInSession, board: Board, locale: UiLocale): AdaptiveCard {
  const lines = boardLines(board, locale);
  const t = checkInText.in(locale);
  return renderCard('summary', {
    title: t('checkIn.summary.title'),
    meetingTitle: session.title ?? '',
    countLine: lines.countLine,
    moodLine: lines.moodLine,
    closing: t('checkIn.summary.closing'),
  });
}

/**
 * The card as a meeting with these settings would first see it: the organiser's preview on the tab's
 * configuration page, built by the same code that posts the real one, in the language it would be posted in.
 */
export function previewCheckInCard(settings: MeetingSettings, title: string | undefined, now: Date, locale: UiLocale): AdaptiveCard {
  const question = bankFor(settings)[0]!;
  const session: CheckInSession = {
    id: 'preview',
    occurrenceKey: 'preview',
    seriesKey: 'preview',
    title,
    address: { tenantId: '', conversationId: '', reference: undefined },
    questionId: question.id,
    question: question.text,
    status: 'open',
    defaultVisibility: settings.defaultVisibility,
    summaryAtEnd: settings.summaryAtEnd,
    startedAt: now,
  };
  return checkInCard(session, buildBoard([]), { kind: 'shared' }, locale);
}

/** A check-in that is over, removed, or of another chat: all look the same. */
export function checkInGoneCard(locale: UiLocale): AdaptiveCard {
  const t = checkInText.in(locale);
  return renderCard('notice', { title: t('checkIn.gone.title'), text: t('checkIn.gone.text') });
}
