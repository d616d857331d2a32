import type { Person } from '../person';
import type { TalkRequest } from './model';
import { planIn, type DaysDeps } from './plans';

/**
 * A conversation better had face to face: anyone coming may privately ask one colleague who is
 * coming on the same day. Only the colleague is asked; nobody else ever learns of the request
 * (no card, message, tab answer or log line of anyone else names it), and the asker hears only
 * "not this time" on a decline.
 */

export type AskResult =
  | { kind: 'asked'; request: TalkRequest }
  | { kind: 'not-found' }
  /** The asker is not coming on any day, or the colleague not on any of the same days. */
  | { kind: 'not-together' }
  | { kind: 'yourself' }
  /** One request per person per days together. */
  | { kind: 'already-asked' };

export async function askForTalk(
  deps: Pick<DaysDeps, 'days' | 'clock' | 'newId'>,
  input: { programmeId: string; planId: string; person: Person; withUserId: string },
): Promise<AskResult> {
  const plan = await planIn(deps, input.programmeId, input.planId);
  if (!plan) return { kind: 'not-found' };
  if (input.withUserId === input.person.userId) return { kind: 'yourself' };
  const coming = (await deps.days.answers(plan.id)).filter((a) => a.coming);
  const mine = new Set(coming.filter((a) => a.userId === input.person.userId).map((a) => a.date));
  const colleague = coming.find((a) => a.userId === input.withUserId && mine.has(a.date));
  if (!colleague) return { kind: 'not-together' };
  if ((await deps.days.talks(plan.id)).some((t) => t.fromUserId === input.person.userId)) return { kind: 'already-asked' };
  const request: TalkRequest = {
    id: deps.newId(),
    planId: plan.id,
    fromUserId: input.person.userId,
    fromName: input.person.name,
    toUserId: colleague.userId,
    toName: colleague.name,
    status: 'asked',
    at: deps.clock.now(),
  };
  // The colleague's directory id is not known here: their answers hold it, and forget me finds the request by user id.
  await deps.days.askTalk(request, { from: input.person.aadObjectId });
  return { kind: 'asked', request };
}

export type AnswerTalkResult = { kind: 'accepted' | 'declined'; request: TalkRequest } | { kind: 'not-found' };

/** The colleague accepts or declines; only they can, and only once. */
export async function answerTalk(
  deps: Pick<DaysDeps, 'days' | 'clock'>,
  input: { planId: string; requestId: string; person: Person; accept: boolean },
): Promise<AnswerTalkResult> {
  const plan = await deps.days.get(input.planId);
  const request = plan && !plan.cancelledAt ? (await deps.days.talks(plan.id)).find((t) => t.id === input.requestId) : undefined;
  if (!request || request.toUserId !== input.person.userId || request.status !== 'asked') return { kind: 'not-found' };
  const status = input.accept ? 'accepted' : 'declined';
  await deps.days.setTalkStatus(request.planId, request.id, status, deps.clock.now());
  return { kind: status, request: { ...request, status } };
}

/** The people a person has an accepted face-to-face conversation with, for their own plan only. */
export function talksOf(talks: TalkRequest[], userId: string): string[] {
  return talks
    .filter((t) => t.status === 'accepted' && (t.fromUserId === userId || t.toUserId === userId))
    .map((t) => (t.fromUserId === userId ? t.toName : t.fromName));
}
