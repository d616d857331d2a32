import { TeamsInfo, type ConversationReference, type TeamsChannelAccount } from 'botbuilder';
import { DateTime } from 'luxon';
import { renderCard, strong, type AdaptiveCard } from '../cards/render';
import type { Clock } from '../domain/clock';
import { queueFollowUps } from '../domain/coffee/follow-up';
import type { Delivery, Encounter, Member, Programme, Round } from '../domain/coffee/model';
import { GRACE_WINDOW_MS, nextRoundAt } from '../domain/coffee/schedule';
import { runRound } from '../domain/coffee/rounds';
import type { Logger } from '../log';
import type { Installations } from '../domain/installations';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import { errorSummary } from './activity';
import { Messenger } from './messenger';
import { statusOf } from './retry';
import { BoundedMap } from '../lib/bounded-map';
import { CoffeeCommands, joinNames } from './coffee-commands';

export type PairingControllerDeps = {
  programmes: Programmes;
  rounds: Rounds;
  installations: Installations;
  messenger: Messenger;
  clock: Clock;
  newId: () => string;
  log: Logger;
  /** Deliveries sent at once; the rate limiter still paces them. */
  deliveryConcurrency?: number;
};

/** How long a team's roster answers "is this person in the team?" for the tab. */
const ROSTER_CACHE_MS = 5 * 60 * 1000;
/** Teams whose rosters are kept at once; the least recently used goes first. */
const ROSTER_CACHE_LIMIT = 1000;

type TeamMember = { userId: string; name: string; upn?: string };
/** A delivery is given up after this many failed attempts (each already retried inside). */
const MAX_DELIVERY_ATTEMPTS = 5;
/**
 * How long an instance holds a delivery it is sending. A sender that crashes mid-send loses it
 * after this, and the message is sent again (at least once: Teams gives no way to ask whether a
 * post that got no answer arrived).
 */
export const DELIVERY_LEASE_MS = 20_000;
/** Statuses that mean the member cannot be reached (left the tenant, blocked the bot): no retry. */
const UNREACHABLE = new Set([400, 403, 404]);

const serviceUrlOf = (programme: Programme) => (programme.reference as ConversationReference).serviceUrl ?? '';


/**
 * Virtual coffee in Teams: rounds and their messages, the team's roster. What people type and
 * press is in coffee-commands.ts (`commands`).
 */
export class PairingController {
  readonly commands: CoffeeCommands;
  private readonly delivering = new Map<string, Promise<void>>();
  /** Team rosters for the tab, by programme: a few minutes, shared by concurrent requests. */
  private readonly rosters = new BoundedMap<string, Map<string, TeamMember>>({
    maxEntries: ROSTER_CACHE_LIMIT,
    ttlMs: ROSTER_CACHE_MS,
    now: () => this.deps.clock.now().getTime(),
  });

  constructor(private readonly deps: PairingControllerDeps) {
    this.commands = new CoffeeCommands({
      ...deps,
      startRound: (programme, trigger) => this.runRoundFor(programme, trigger),
      deliver: (roundId) => this.deliver(roundId),
    });
  }

  /** Refreshes the roster, then runs the round (exactly once, whichever instance gets there first). */
  private async runRoundFor(programme: Programme, trigger: 'schedule' | 'manual') {
    const members = await this.checkRoster(programme);
    const result = await runRound(this.deps, { programme, members, trigger });
    this.deps.log.info({ programmeId: programme.id, trigger, result: result.kind, seq: result.kind === 'started' ? result.round.seq : undefined }, 'coffee round');
    return result;
  }

  /**
   * Members as they are now in the team: names and sign-in names refreshed, people who left the
   * team dropped, guests left out unless the programme includes them. When Teams cannot be asked,
   * the stored members are used as they are.
   */
  private async checkRoster(programme: Programme): Promise<Member[]> {
    const members = await this.deps.programmes.members(programme.id);
    let roster: Map<string, TeamsChannelAccount>;
    try {
      roster = await this.roster(programme);
      if (roster.size === 0) throw new Error('empty roster');
    } catch (error) {
      this.deps.log.warn({ programmeId: programme.id, err: errorSummary(error) }, 'roster lookup failed; using stored members');
      return members;
    }
    const checked: Member[] = [];
    for (const member of members) {
      if (member.status !== 'active') {
        checked.push(member);
        continue;
      }
      const account = roster.get(member.userId);
      // Saved over the member as stored now: they may have paused or left while Teams was asked.
      const current = async () => (await this.deps.programmes.getMember(programme.id, member.userId)) ?? member;
      if (!account) {
        const left = { ...member, status: 'left' as const };
        await this.deps.programmes.saveMember({ ...(await current()), status: 'left' });
        checked.push(left);
        continue;
      }
      const refreshed = { ...member, name: account.name || member.name, upn: account.userPrincipalName ?? account.email ?? member.upn };
      if (refreshed.name !== member.name || refreshed.upn !== member.upn) {
        await this.deps.programmes.saveMember({ ...(await current()), name: refreshed.name, upn: refreshed.upn });
      }
      const guest = (account as { userRole?: string }).userRole === 'guest';
      checked.push(guest && !programme.settings.includeGuests ? { ...refreshed, status: 'left' } : refreshed);
    }
    return checked;
  }

  /**
   * A person of the team, by their directory object id (what the tab's sign-in yields), with the
   * Teams user id Hallway messages them by. Each tab call needs it, so a team's roster is asked of
   * Teams once for all requests at the same moment and kept a few minutes.
   */
  async findInTeam(programme: Programme, objectId: string): Promise<TeamMember | undefined> {
    const byObjectId = await this.rosters.getOrLoad(programme.id, async () => {
      const members = new Map<string, TeamMember>();
      for (const account of (await this.roster(programme)).values()) {
        if (account.aadObjectId) members.set(account.aadObjectId, { userId: account.id, name: account.name ?? 'Someone', upn: account.userPrincipalName ?? account.email });
      }
      return members;
    });
    return byObjectId.get(objectId);
  }

  private async roster(programme: Programme): Promise<Map<string, TeamsChannelAccount>> {
    const reference = programme.reference as ConversationReference;
    const all = new Map<string, TeamsChannelAccount>();
    let token: string | undefined;
    do {
      const page = await this.deps.messenger.request(reference, (context) => TeamsInfo.getPagedMembers(context, 500, token));
      for (const account of page.members) all.set(account.id, account);
      token = page.continuationToken || undefined;
    } while (token);
    return all;
  }

  /** Sends a round's pending messages; a second call while one runs waits for it. */
  deliver(roundId: string): Promise<void> {
    const running = this.delivering.get(roundId);
    if (running) return running;
    const work = this.deliverRound(roundId).finally(() => this.delivering.delete(roundId));
    this.delivering.set(roundId, work);
    return work;
  }

  private async deliverRound(roundId: string): Promise<void> {
    const round = await this.deps.rounds.get(roundId);
    if (!round) return;
    const programme = await this.deps.programmes.get(round.programmeId);
    if (!programme) return;
    const now = this.deps.clock.now().getTime();
    const pending = (await this.deps.rounds.deliveries(roundId)).filter(
      (d) => d.status === 'pending' || (d.status === 'sending' && (d.claimedUntil?.getTime() ?? 0) <= now),
    );
    const history = (await this.deps.rounds.history(programme.id)).filter((e) => e.round < round.seq);
    const members = new Map((await this.deps.programmes.members(programme.id)).map((m) => [m.userId, m]));
    let next = 0;
    const worker = async () => {
      while (next < pending.length) {
        const delivery = pending[next++]!;
        await this.deliverOne(programme, round, delivery, members, history);
      }
    };
    await Promise.all(Array.from({ length: this.deps.deliveryConcurrency ?? 32 }, worker));
    if (round.status === 'notifying') {
      const left = (await this.deps.rounds.deliveries(roundId)).some((d) => (d.status === 'pending' || d.status === 'sending') && d.kind === 'pairing');
      if (!left) await this.deps.rounds.setStatus(roundId, 'open', this.deps.clock.now());
    }
  }

  private async deliverOne(programme: Programme, round: Round, delivery: Delivery, members: Map<string, Member>, history: Encounter[]) {
    const member = members.get(delivery.userId);
    const mark = (status: Delivery['status'], activityId?: string) =>
      this.deps.rounds.markDelivery(round.id, delivery.userId, delivery.kind, {
        status,
        attempts: delivery.attempts + 1,
        activityId,
        updatedAt: this.deps.clock.now(),
      });
    if (!member) return mark('failed');
    const now = this.deps.clock.now();
    const claimed = await this.deps.rounds.claimDelivery(round.id, delivery.userId, delivery.kind, now, new Date(now.getTime() + DELIVERY_LEASE_MS));
    if (!claimed) return; // another instance is sending it, or already has
    try {
      const conversationId = await this.personalChat(programme, member);
      const card = this.cardFor(programme, round, delivery, member, members, history);
      const reference = Messenger.personalReference({ tenantId: programme.tenantId, serviceUrl: serviceUrlOf(programme), conversationId });
      const activityId = await this.deps.messenger.postCard(reference, card);
      await mark('sent', activityId);
    } catch (error) {
      const status = statusOf(error);
      const giveUp = (status !== undefined && UNREACHABLE.has(status)) || delivery.attempts + 1 >= MAX_DELIVERY_ATTEMPTS;
      this.deps.log.warn({ roundId: round.id, kind: delivery.kind, err: errorSummary(error), giveUp }, 'coffee delivery failed');
      await mark(giveUp ? 'failed' : 'pending');
    }
  }

  private async personalChat(programme: Programme, member: Member): Promise<string> {
    if (member.personalConversationId) return member.personalConversationId;
    const id = await this.deps.messenger.openPersonalChat({ tenantId: programme.tenantId, serviceUrl: serviceUrlOf(programme), userId: member.userId });
    const stored = await this.deps.programmes.getMember(programme.id, member.userId);
    if (stored) await this.deps.programmes.saveMember({ ...stored, personalConversationId: id });
    member.personalConversationId = id;
    return id;
  }

  private cardFor(programme: Programme, round: Round, delivery: Delivery, member: Member, members: Map<string, Member>, history: Encounter[]): AdaptiveCard {
    const group = round.groups.find((g) => g.members.includes(member.userId));
    const partners = (group?.members ?? []).filter((id) => id !== member.userId).map((id) => members.get(id));
    const names = partners.map((p) => p?.name ?? 'a teammate');
    switch (delivery.kind) {
      case 'unmatched':
        return renderCard('notice', {
          title: 'No coffee partner this time',
          text: "There was nobody free to pair you with this round. You'll be first in line next time.",
        });
      case 'auto-paused':
        return renderCard('notice', {
          title: "We've paused your coffee pairing",
          text: "You didn't answer \"Did you meet?\" three rounds in a row, so we paused your pairing to keep matches useful for everyone. Type coffee resume in your team whenever you'd like to be paired again.",
        });
      case 'follow-up':
        return renderCard('coffee-follow-up', {
          question: `Did you meet ${joinNames(names)}?`,
          detail: 'Your answer helps your organisers see how coffee is going (only totals are shown).',
          roundId: round.id,
          askAgain: true,
        });
      case 'pairing':
        return this.matchCard(programme, round, member, partners, history);
    }
  }

  private matchCard(programme: Programme, round: Round, member: Member, partners: (Member | undefined)[], history: Encounter[]): AdaptiveCard {
    const group = round.groups.find((g) => g.members.includes(member.userId))!;
    const captain = group.captain === member.userId ? undefined : partners.find((p) => p?.userId === group.captain);
    const names = partners.map((p) => p?.name ?? 'a teammate');
    const upns = partners.map((p) => p?.upn).filter((u): u is string => Boolean(u));
    const allKnown = upns.length === partners.length && upns.length > 0;
    const minutes = programme.settings.meetingMinutes;
    const zone = member.timeZone ?? programme.settings.timeZone;
    const start = suggestedStart(round.startedAt, zone);
    const topic = `Coffee: ${[member.name, ...names].join(', ')}`;
    const groupChatUrl = allKnown
      ? `https://teams.microsoft.com/l/chat/0/0?users=${upns.map(encodeURIComponent).join(',')}&topicName=${encodeURIComponent(topic)}`
      : '';
    const scheduleUrl = allKnown
      ? `https://teams.microsoft.com/l/meeting/new?subject=${encodeURIComponent('Virtual coffee ☕')}&attendees=${upns
          .map(encodeURIComponent)
          .join(',')}&startTime=${encodeURIComponent(start.toISO()!)}&endTime=${encodeURIComponent(start.plus({ minutes }).toISO()!)}&content=${encodeURIComponent(group.starter)}`
      : '';
    return renderCard('coffee-match', {
      programmeId: programme.id,
      headline: `This round you're meeting ${joinNames(names)}`,
      partners: partners.map((p, i) => ({ name: names[i]!, reason: reasonFor(member.userId, p?.userId, history, round.seq) })),
      captainLine: captain
        ? [strong(captain.name), " is the captain this time: they'll send the invite."]
        : "You're the captain this time: pick a slot and send the invite.",
      starter: group.starter,
      lengthLine: `Suggested length: ${minutes} minutes. No agenda needed.`,
      groupChatUrl,
      scheduleUrl,
    });
  }

  /** Scheduled work, called by the job runner: due rounds, due follow-ups, unfinished deliveries. */
  async runDueWork(): Promise<void> {
    const now = this.deps.clock.now();
    for (const programme of await this.deps.programmes.due(now)) {
      if (now.getTime() - (programme.nextRoundAt?.getTime() ?? 0) > GRACE_WINDOW_MS) {
        // Missed by too much (the server was down): skip to the next one rather than pair late.
        await this.deps.programmes.reschedule(programme.id, programme.roundSeq, nextRoundAt(programme.settings, now, programme.nextRoundAt));
        this.deps.log.warn({ programmeId: programme.id }, 'coffee round missed beyond the grace window; skipped');
        continue;
      }
      const result = await this.runRoundFor(programme, 'schedule');
      if (result.kind === 'started') await this.deliver(result.round.id);
    }
    for (const round of await this.deps.rounds.dueFollowUps(now)) {
      await queueFollowUps(this.deps, round);
      await this.deliver(round.id);
    }
    for (const roundId of await this.deps.rounds.roundsWithPendingDeliveries(now)) await this.deliver(roundId);
  }

}

/** Why this match: a first meeting, or how long since the last one. */
export function reasonFor(me: string, partner: string | undefined, history: Encounter[], seq: number): string {
  if (!partner) return 'a new face';
  const last = history.filter((e) => (e.a === me && e.b === partner) || (e.a === partner && e.b === me)).at(-1);
  if (!last) return 'first time you two meet';
  const ago = seq - last.round;
  return `you last met ${ago} ${ago === 1 ? 'round' : 'rounds'} ago`;
}

/** A slot to suggest: the next working day after the round started, at 11:00 local time. */
function suggestedStart(startedAt: Date, zone: string): DateTime {
  let day = DateTime.fromJSDate(startedAt, { zone }).plus({ days: 1 }).set({ hour: 11, minute: 0, second: 0, millisecond: 0 });
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}

