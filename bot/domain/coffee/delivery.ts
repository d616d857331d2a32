import type { Clock } from '../clock';
import type { Delivery, Encounter, Member, Programme, Round } from './model';
import type { CoffeeLog, CoffeeMessage, Notifier, NotifyFailure, Programmes, Rounds } from './ports';

export type DeliveryDeps = {
  programmes: Programmes;
  rounds: Rounds;
  notifier: Notifier;
  clock: Clock;
  log: CoffeeLog;
  /** Deliveries sent at once; the notifier still paces them. */
  deliveryConcurrency?: number;
};

/** A delivery is given up after this many failed attempts (each already retried inside the notifier). */
export const MAX_DELIVERY_ATTEMPTS = 5;
/**
 * How long an instance holds a delivery it is sending. A sender that crashes mid-send loses it
 * after this, and the message is sent again (at least once: Teams gives no way to ask whether a
 * post that got no answer arrived).
 */
export const DELIVERY_LEASE_MS = 20_000;

export type DeliverRoundResult = { kind: 'no-round' } | { kind: 'delivered'; sent: number; retrying: number; failed: number };

/**
 * Sends a round's pending messages (and those of a sender whose lease ran out), each member's
 * once: a delivery is claimed before it is sent, so two senders at once, in this process or
 * another, never both send it. A failed one is tried again on a later pass, until the member
 * turns out unreachable or MAX_DELIVERY_ATTEMPTS is reached. When every match is out, the round
 * is open.
 */
export async function deliverRound(deps: DeliveryDeps, { roundId }: { roundId: string }): Promise<DeliverRoundResult> {
  const round = await deps.rounds.get(roundId);
  if (!round) return { kind: 'no-round' };
  const programme = await deps.programmes.get(round.programmeId);
  if (!programme) return { kind: 'no-round' };
  const now = deps.clock.now().getTime();
  const pending = (await deps.rounds.deliveries(roundId)).filter(
    (d) => d.status === 'pending' || (d.status === 'sending' && (d.claimedUntil?.getTime() ?? 0) <= now),
  );
  const history = (await deps.rounds.history(programme.id)).filter((e) => e.round < round.seq);
  const members = new Map((await deps.programmes.members(programme.id)).map((m) => [m.userId, m]));
  const counts = { sent: 0, retrying: 0, failed: 0 };
  let next = 0;
  const worker = async () => {
    while (next < pending.length) {
      const outcome = await deliverOne(deps, { programme, round, delivery: pending[next++]!, members, history });
      if (outcome) counts[outcome]++;
    }
  };
  await Promise.all(Array.from({ length: deps.deliveryConcurrency ?? 32 }, worker));
  if (round.status === 'notifying') {
    const left = (await deps.rounds.deliveries(roundId)).some((d) => (d.status === 'pending' || d.status === 'sending') && d.kind === 'pairing');
    if (!left) await deps.rounds.setStatus(roundId, 'open', deps.clock.now());
  }
  return { kind: 'delivered', ...counts };
}

type Outcome = 'sent' | 'retrying' | 'failed';
type OneDelivery = { programme: Programme; round: Round; delivery: Delivery; members: Map<string, Member>; history: Encounter[] };

/** Sends one delivery; what became of it, or nothing when another sender has it. */
async function deliverOne(deps: DeliveryDeps, { programme, round, delivery, members, history }: OneDelivery): Promise<Outcome | undefined> {
  const mark = (status: Delivery['status'], activityId?: string) =>
    deps.rounds.markDelivery(round.id, delivery.userId, delivery.kind, {
      status,
      attempts: delivery.attempts + 1,
      activityId,
      updatedAt: deps.clock.now(),
    });
  const member = members.get(delivery.userId);
  if (!member) {
    await mark('failed');
    return 'failed';
  }
  const now = deps.clock.now();
  const claimed = await deps.rounds.claimDelivery(round.id, delivery.userId, delivery.kind, now, new Date(now.getTime() + DELIVERY_LEASE_MS));
  if (!claimed) return undefined; // another sender has it, or already sent it
  let failure: NotifyFailure;
  try {
    const chat = await personalChat(deps, programme, member);
    if (chat.kind === 'opened') {
      const posted = await deps.notifier.post(programme, chat.conversationId, messageFor(programme, round, delivery, member, members, history), member);
      if (posted.kind === 'posted') {
        await mark('sent', posted.messageId);
        return 'sent';
      }
      failure = posted;
    } else failure = chat;
  } catch (error) {
    // A bug or a storage failure: tried again later, like a message that did not go out.
    failure = { kind: 'failed', error: { name: (error as Error | undefined)?.name } };
  }
  const giveUp = failure.kind === 'unreachable' || delivery.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
  deps.log.warn({ roundId: round.id, kind: delivery.kind, err: failure.error, giveUp }, 'coffee delivery failed');
  await mark(giveUp ? 'failed' : 'pending');
  return giveUp ? 'failed' : 'retrying';
}

/** The member's 1:1 chat with Hallway, opened once and remembered on the member. */
async function personalChat(deps: DeliveryDeps, programme: Programme, member: Member): Promise<{ kind: 'opened'; conversationId: string } | NotifyFailure> {
  if (member.personalConversationId) return { kind: 'opened', conversationId: member.personalConversationId };
  const opened = await deps.notifier.openPersonalChat(programme, member.userId);
  if (opened.kind !== 'opened') return opened;
  const stored = await deps.programmes.getMember(programme.id, member.userId);
  if (stored) await deps.programmes.saveMember({ ...stored, personalConversationId: opened.conversationId });
  member.personalConversationId = opened.conversationId;
  return opened;
}

/** What this delivery tells its member: their match, "Did you meet?", nobody this time, or the auto-pause. */
function messageFor(programme: Programme, round: Round, delivery: Delivery, member: Member, members: Map<string, Member>, history: Encounter[]): CoffeeMessage {
  const group = round.groups.find((g) => g.members.includes(member.userId));
  const partners = (group?.members ?? []).filter((id) => id !== member.userId).map((id) => members.get(id));
  switch (delivery.kind) {
    case 'unmatched':
    case 'auto-paused':
      return { kind: delivery.kind };
    case 'follow-up':
      return { kind: 'follow-up', round, partners };
    case 'pairing':
      if (!group) throw new Error('a match for someone in no group of the round');
      return { kind: 'match', programme, round, member, group, partners, history };
  }
}
