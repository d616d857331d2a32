import type { CheckIns, MeetingSettingsStore } from './ports';
import type { Clock, Random } from '../clock';
import { DEFAULT_MEETING_SETTINGS, NOTE_MAX_LENGTH, type Answer, type AnswerInput, type ChatAddress, type CheckInSession, type MeetingSettings } from './model';
import type { Person } from '../person';
import { bankFor, nextQuestion } from './questions';

export type CheckInDeps = {
  checkIns: CheckIns;
  meetingSettings: MeetingSettingsStore;
  clock: Clock;
  random: Random;
  newId: () => string;
};

/** A check-in left open this long (its meeting-end event went missing) no longer blocks a new one. */
export const STALE_AFTER_MS = 12 * 60 * 60 * 1000;

export type StartTrigger = { kind: 'meeting-start'; startTime: string } | { kind: 'manual' };

export type StartResult =
  | { kind: 'started'; session: CheckInSession }
  | { kind: 'duplicate'; session: CheckInSession }
  | { kind: 'already-open'; session: CheckInSession }
  | { kind: 'disabled' };

export async function settingsFor(deps: Pick<CheckInDeps, 'meetingSettings'>, meetingId?: string): Promise<MeetingSettings> {
  const stored = meetingId ? await deps.meetingSettings.get(meetingId) : undefined;
  return { ...DEFAULT_MEETING_SETTINGS, ...stored };
}

/**
 * Opens a check-in for a meeting occurrence (or by hand). Never two for one occurrence, never two
 * open in one chat: a retried start event or a second `check-in` gets the existing one back.
 */
export async function startCheckIn(
  deps: CheckInDeps,
  input: { address: ChatAddress; meetingId?: string; title?: string; trigger: StartTrigger },
): Promise<StartResult> {
  const settings = await settingsFor(deps, input.meetingId);
  if (input.trigger.kind === 'meeting-start' && !settings.enabled) return { kind: 'disabled' };

  const now = deps.clock.now();
  const seriesKey = input.meetingId ?? input.address.conversationId;
  const occurrenceKey =
    input.trigger.kind === 'meeting-start'
      ? `${seriesKey}|${normaliseStartTime(input.trigger.startTime)}`
      : `${seriesKey}|manual|${now.toISOString()}|${deps.newId()}`;
  const question = nextQuestion(bankFor(settings), await deps.checkIns.questionHistory(seriesKey), deps.random);

  const session: CheckInSession = {
    id: deps.newId(),
    occurrenceKey,
    seriesKey,
    meetingId: input.meetingId,
    title: input.title,
    address: input.address,
    questionId: question.id,
    question: question.text,
    status: 'open',
    defaultVisibility: settings.defaultVisibility,
    summaryAtEnd: settings.summaryAtEnd,
    startedAt: now,
  };

  for (let attempt = 0; attempt < 2; attempt++) {
    const created = await deps.checkIns.create(session);
    if (created.kind === 'created') return { kind: 'started', session };
    if (created.kind === 'duplicate-occurrence') return { kind: 'duplicate', session: created.existing };
    const open = created.existing;
    if (now.getTime() - open.startedAt.getTime() < STALE_AFTER_MS) return { kind: 'already-open', session: open };
    await deps.checkIns.close(open.id, now);
  }
  const open = await deps.checkIns.findOpen(input.address.conversationId);
  return open ? { kind: 'already-open', session: open } : { kind: 'disabled' };
}

/** Teams sends StartTime with or without fractional seconds; one occurrence must have one key. */
function normaliseStartTime(startTime: string): string {
  const ms = Date.parse(startTime);
  return Number.isNaN(ms) ? startTime.trim() : new Date(ms).toISOString();
}

export type AnswerResult =
  | { kind: 'recorded'; session: CheckInSession; answer: Answer }
  | { kind: 'not-found' }
  | { kind: 'closed'; session: CheckInSession }
  | { kind: 'invalid'; reason: 'note-too-long' };

/**
 * Records (or replaces) one person's answer; the last answer from a person wins. The caller looked
 * the session up once for this turn (a storage request per answer is the cost of a large meeting);
 * it must be the session of the chat the answer came from.
 */
export async function recordAnswer(
  deps: Pick<CheckInDeps, 'checkIns' | 'clock'>,
  input: { session: CheckInSession; conversationId: string; person: Person; answer: AnswerInput },
): Promise<AnswerResult> {
  const { session } = input;
  if (session.address.conversationId !== input.conversationId) return { kind: 'not-found' };
  if (session.status !== 'open') return { kind: 'closed', session };

  const base = { sessionId: session.id, person: input.person, answeredAt: deps.clock.now() };
  let answer: Answer;
  if (input.answer.kind === 'skip') {
    answer = { ...base, skipped: true, visibility: session.defaultVisibility };
  } else {
    const note = input.answer.note?.trim() || undefined;
    if (note && [...note].length > NOTE_MAX_LENGTH) return { kind: 'invalid', reason: 'note-too-long' };
    answer = { ...base, skipped: false, mood: input.answer.mood, note, visibility: input.answer.visibility };
  }
  await deps.checkIns.saveAnswer(answer);
  return { kind: 'recorded', session, answer };
}

export type CloseResult = { kind: 'closed'; session: CheckInSession } | { kind: 'none' };

/** Closes the chat's open check-in (meeting end). Repeated end events close nothing more. */
export async function closeCheckIn(deps: Pick<CheckInDeps, 'checkIns' | 'clock'>, input: { conversationId: string }): Promise<CloseResult> {
  const open = await deps.checkIns.findOpen(input.conversationId);
  if (!open) return { kind: 'none' };
  const closedAt = deps.clock.now();
  if (!(await deps.checkIns.close(open.id, closedAt))) return { kind: 'none' };
  return { kind: 'closed', session: { ...open, status: 'closed', closedAt } };
}
