import { buildBoard, type Board, type SharedEntry } from '../domain/check-in/board';
import { moodOf, type Answer, type CheckInSession, type MeetingSettings, type MoodId, type Visibility } from '../domain/check-in/model';
import { bankFor } from '../domain/check-in/questions';
import { renderCard, renderEntry, type AdaptiveCard, type CardElement, type CheckInCardData } from './render';

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
  | { kind: 'form'; values?: { mood?: MoodId; note?: string; visibility?: Visibility }; error?: string };

export function sayHiUrl(upn: string): string {
  return `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(upn)}`;
}

const entryCache = new Map<string, { element: CardElement; bytes: number }>();
const ENTRY_CACHE_LIMIT = 20_000;

/**
 * The same entries, as objects of one board: a board serves many cards (every personal card of a
 * second, the shared card), so an entry is looked up by the object first, without building its key.
 */
const entryByObject = new WeakMap<SharedEntry, { withSayHi: boolean; rendered: { element: CardElement; bytes: number } }>();

/** Rendered entries are cached: they only change when the answer does. */
function entryElement(entry: SharedEntry, withSayHi: boolean): { element: CardElement; bytes: number } {
  const known = entryByObject.get(entry);
  if (known && known.withSayHi === withSayHi) return known.rendered;
  const rendered = renderedEntry(entry, withSayHi);
  entryByObject.set(entry, { withSayHi, rendered });
  return rendered;
}

function renderedEntry(entry: SharedEntry, withSayHi: boolean): { element: CardElement; bytes: number } {
  const url = withSayHi && entry.person.upn ? sayHiUrl(entry.person.upn) : '';
  const key = `${entry.person.userId}\u0000${entry.answeredAt.getTime()}\u0000${entry.mood}\u0000${entry.person.name}\u0000${entry.note ?? ''}\u0000${url}`;
  let cached = entryCache.get(key);
  if (!cached) {
    const element = renderEntry({ emoji: moodOf(entry.mood).emoji, name: entry.person.name, note: entry.note ?? '', sayHiUrl: url });
    cached = { element, bytes: byteLength(element) + 1 };
    if (entryCache.size >= ENTRY_CACHE_LIMIT) entryCache.clear();
    entryCache.set(key, cached);
  }
  return cached;
}

/** Size as sent: UTF-8 bytes of the JSON. */
export function byteLength(value: unknown): number {
  return Buffer.byteLength(JSON.stringify(value), 'utf8');
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

function boardLines(board: Board): CheckInCardData['board'] {
  const count = board.checkedIn === 0 ? 'Nobody has checked in yet' : `${plural(board.checkedIn, 'person', 'people')} checked in`;
  const skipped = board.skipped > 0 ? ` · ${board.skipped} skipped` : '';
  const moodLine = board.moods
    .filter((m) => m.count > 0)
    .map((m) => `${m.emoji} ${m.count}`)
    .join('   ');
  const privateLine = board.privateCount > 0 ? `${plural(board.privateCount, 'person', 'people')} only showed that they checked in` : '';
  return { countLine: count + skipped, moodLine, privateLine };
}

function mineLines(answer: Answer): CheckInCardData['mine'] {
  if (answer.skipped || !answer.mood) {
    return { headline: 'You skipped today', note: '', detail: 'No worries. Changed your mind?', editLabel: 'Check in after all' };
  }
  return {
    headline: `You're checked in ${moodOf(answer.mood).emoji}`,
    note: answer.note ?? '',
    detail: answer.visibility === 'shared' ? 'Shared with the meeting.' : 'Only counted: your name, mood and note are hidden from the meeting.',
    editLabel: 'Edit',
  };
}

/** The check-in card for one view of a session, kept under the size budget. */
export function checkInCard(session: CheckInSession, board: Board, view: CheckInView): AdaptiveCard {
  return renderCard('check-in', checkInCardData(session, board, view));
}

/** What the check-in template is expanded with for one view: the answers that fit the budget. */
export function checkInCardData(session: CheckInSession, board: Board, view: CheckInView): CheckInCardData {
  const isOpen = session.status === 'open';
  const form = view.kind === 'form' ? view.values : undefined;
  const large = board.respondents.length > REFRESH_USER_LIMIT;
  const data: CheckInCardData = {
    sessionId: session.id,
    meetingTitle: session.title ?? '',
    question: session.question,
    statusLabel: isOpen ? 'Open' : 'Closed',
    isOpen,
    showForm: isOpen && view.kind !== 'mine',
    form: {
      mood: form?.mood ?? '',
      note: form?.note ?? '',
      visibility: form?.visibility ?? session.defaultVisibility,
      error: view.kind === 'form' ? (view.error ?? '') : '',
    },
    showMine: view.kind === 'mine',
    mine: view.kind === 'mine' ? mineLines(view.answer) : { headline: '', note: '', detail: '', editLabel: '' },
    board: boardLines(board),
    entries: [],
    moreLine: '',
    // Measured at the most they can take; set to the people listed once the answers are placed.
    refreshUserIds: large ? [] : board.shared.map((entry) => entry.person.userId),
    showRefreshButton: true,
  };

  const base = byteLength(renderCard('check-in', data));
  const withSayHi = board.shared.length <= SAY_HI_LIMIT;
  const listed: string[] = [];
  const budget = view.kind !== 'shared' && large ? LARGE_MEETING_PERSONAL_BUDGET_BYTES : CARD_BUDGET_BYTES;
  let room = budget - base - MORE_LINE_RESERVE;
  for (const entry of board.shared) {
    const { element, bytes } = entryElement(entry, withSayHi);
    if (bytes > room) break;
    room -= bytes;
    data.entries.push(element);
    listed.push(entry.person.userId);
  }
  const hidden = board.shared.length - data.entries.length;
  if (hidden > 0) data.moreLine = `+${hidden} more`;
  // Above the limit Teams would not refresh per user anyway: personal views last until the next update.
  data.refreshUserIds = large ? [] : listed;
  // Everyone else who answered (privately, skipped, not listed for room, or in a large meeting) refreshes by hand.
  data.showRefreshButton = board.respondents.length > data.refreshUserIds.length;
  return data;
}

/** The summary posted when the meeting ends. */
export function summaryCard(session: CheckInSession, board: Board): AdaptiveCard {
  const lines = boardLines(board);
  return renderCard('summary', {
    meetingTitle: session.title ?? '',
    countLine: lines.countLine,
    moodLine: lines.moodLine,
    closing: 'Thanks for checking in. See you next time!',
  });
}

/**
 * The card as a meeting with these settings would first see it: the organiser's preview on the tab's
 * configuration page, built by the same code that posts the real one.
 */
export function previewCheckInCard(settings: MeetingSettings, title: string | undefined, now: Date): AdaptiveCard {
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
  return checkInCard(session, buildBoard([]), { kind: 'shared' });
}

/** A check-in that is over, removed, or of another chat: all look the same. */
export function checkInGoneCard(): AdaptiveCard {
  return renderCard('notice', {
    title: 'This check-in is no longer available',
    text: 'Type check-in in this chat to start a new one.',
  });
}
