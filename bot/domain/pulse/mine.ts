import type { MoodId } from '../check-in/model';
import type { Programmes } from '../coffee/ports';
import type { PersonIds, Privacy } from '../privacy-ports';
import type { PulseReads } from './ports';

/** The latest check-ins and coffee rounds a person's own pulse lists. */
export const MY_MOODS = 50;
export const MY_ROUNDS = 20;

/** A person's own pulse: only ever answered to that person. */
export type MyPulse = {
  moods: { at: string; mood: MoodId }[];
  coffee: { team?: string; round: number; startedAt: string; partners: string[] }[];
};

export type MyPulseDeps = { privacy: Pick<Privacy, 'export'>; programmes: Pick<Programmes, 'members'>; pulse: Pick<PulseReads, 'rounds'> };

/** My moods over time and who I met for coffee, from what Hallway stores about me (the same read as Download my data). */
export async function myPulse(deps: MyPulseDeps, person: PersonIds): Promise<MyPulse> {
  const mine = await deps.privacy.export(person);
  const moods = mine.checkIns
    .filter((c) => !c.skipped && c.mood !== undefined)
    .map((c) => ({ at: c.answeredAt, mood: c.mood as MoodId }))
    .sort((a, b) => a.at.localeCompare(b.at))
    .slice(-MY_MOODS);
  const rounds = [...mine.coffeeRounds].sort((a, b) => a.startedAt.localeCompare(b.startedAt)).slice(-MY_ROUNDS);
  const names = new Map(mine.coffee.map((c) => [c.programmeId, c.programme]));
  // Each programme's members are read once, however many of my rounds it had.
  const rosters = new Map<string, ReturnType<Programmes['members']>>();
  const membersOf = (id: string) => rosters.get(id) ?? rosters.set(id, deps.programmes.members(id)).get(id)!;
  const coffee = await Promise.all(
    rounds.map(async (r) => {
      const [members, [round]] = await Promise.all([membersOf(r.programmeId), deps.pulse.rounds(r.programmeId, r.round, r.round)]);
      const me = members.find((m) => m.aadObjectId === person.aadObjectId || m.userId === person.userId);
      const group = round?.groups.find((g) => me !== undefined && g.members.includes(me.userId));
      const partners = (group?.members ?? []).filter((id) => id !== me?.userId).map((id) => members.find((m) => m.userId === id)?.name ?? 'a former member');
      return { team: names.get(r.programmeId), round: r.round, startedAt: r.startedAt, partners };
    }),
  );
  return { moods, coffee };
}
