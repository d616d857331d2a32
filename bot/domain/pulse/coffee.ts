import { DateTime } from 'luxon';
import type { Clock } from '../clock';
import { roundStats } from '../coffee/follow-up';
import type { Encounter, Programme, Round } from '../coffee/model';
import type { Programmes, Rounds } from '../coffee/ports';
import { FORGOTTEN } from '../privacy-ports';
import { atLeastFive, round2, type Point } from './figures';
import type { PulseReads } from './ports';

/** How many of a programme's latest rounds the pulse charts. */
export const PULSE_ROUNDS = 12;
/** Rounds read to cover a quarter: weekly rounds make at most 14 in one. */
export const QUARTER_ROUNDS = 16;

/**
 * One round: the people in it (matched or told there was nobody this time), its groups, how many
 * of them met (someone said "yes" to "Did you meet?") and that share, and the pairs who met there
 * for the first time in this programme.
 */
export type RoundPoint = { round: number; startedAt: string } & Point<{ groups: number; met: number; shareMet: number; firstTimePairs: number }>;

export type CoffeePulse = {
  rounds: RoundPoint[];
  /** Of the active members, how many were in a group that met, this quarter, with someone they had never been grouped with. */
  quarter: { from: string } & Point<{ metSomeoneNew: number; share: number }>;
};

export type CoffeePulseDeps = {
  programmes: Pick<Programmes, 'members'>;
  rounds: Pick<Rounds, 'history' | 'answers'>;
  pulse: Pick<PulseReads, 'rounds'>;
  clock: Clock;
};

/**
 * Coffee over its last 12 rounds, for the programme's organisers. A forgotten person stays in past
 * rounds only as a placeholder (so old cards still add up): here they count for nobody.
 */
export async function coffeePulse(deps: CoffeePulseDeps, programme: Programme): Promise<CoffeePulse> {
  const last = programme.roundSeq;
  const rounds = last > 0 ? await deps.pulse.rounds(programme.id, Math.max(1, last - QUARTER_ROUNDS + 1), last) : [];
  const firstMet = firstRounds(await deps.rounds.history(programme.id));
  const answers = new Map(await Promise.all(rounds.map(async (r) => [r.id, await deps.rounds.answers(r.id)] as const)));
  const points = rounds.slice(-PULSE_ROUNDS).map((r): RoundPoint => {
    const people = new Set([...r.groups.flatMap((g) => g.members), ...r.unmatched].filter(known)).size;
    return {
      round: r.seq,
      startedAt: r.startedAt.toISOString(),
      ...atLeastFive(people, () => {
        const stats = roundStats(r, answers.get(r.id) ?? []);
        return {
          groups: stats.groups,
          met: stats.met,
          shareMet: stats.groups === 0 ? 0 : round2(stats.met / stats.groups),
          firstTimePairs: pairsOf(r).filter(([a, b]) => firstMet.get(pairKey(a, b)) === r.seq).length,
        };
      }),
    };
  });

  const from = DateTime.fromJSDate(deps.clock.now(), { zone: programme.settings.timeZone }).startOf('quarter');
  const members = (await deps.programmes.members(programme.id)).filter((m) => m.status === 'active').map((m) => m.userId);
  const metNew = new Set<string>();
  for (const r of rounds.filter((x) => x.startedAt.getTime() >= from.toMillis())) {
    const said = new Map((answers.get(r.id) ?? []).map((a) => [a.userId, a.answer]));
    for (const g of r.groups) {
      if (!g.members.some((m) => said.get(m) === 'yes')) continue;
      for (const [a, b] of pairsOf({ groups: [g] })) {
        if (firstMet.get(pairKey(a, b)) !== r.seq) continue;
        metNew.add(a);
        metNew.add(b);
      }
    }
  }
  return {
    rounds: points,
    quarter: {
      from: from.toISODate()!,
      ...atLeastFive(members.length, () => {
        const count = members.filter((m) => metNew.has(m)).length;
        return { metSomeoneNew: count, share: round2(count / members.length) };
      }),
    },
  };
}

const known = (userId: string): boolean => userId !== FORGOTTEN;

const pairKey = (a: string, b: string): string => (a < b ? `${a}\n${b}` : `${b}\n${a}`);

/** Every two people grouped together in a round (a trio makes three pairs); forgotten people make none. */
function pairsOf(round: Pick<Round, 'groups'>): [string, string][] {
  const pairs: [string, string][] = [];
  for (const g of round.groups) {
    const people = g.members.filter(known);
    for (let i = 0; i < people.length; i++) for (let j = i + 1; j < people.length; j++) pairs.push([people[i]!, people[j]!]);
  }
  return pairs;
}

/** The round in which each pair was first grouped together. */
function firstRounds(history: Encounter[]): Map<string, number> {
  const first = new Map<string, number>();
  for (const e of history) {
    const k = pairKey(e.a, e.b);
    first.set(k, Math.min(first.get(k) ?? e.round, e.round));
  }
  return first;
}
