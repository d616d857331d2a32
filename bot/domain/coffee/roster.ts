import type { Member, Programme } from './model';
import type { CoffeeLog, Programmes, Roster } from './ports';

export type RosterDeps = { programmes: Programmes; roster: Roster; log: CoffeeLog };

/** `synced`: checked against Teams; `stored`: Teams could not be asked, so the members as stored. */
export type SyncRosterResult = { kind: 'synced' | 'stored'; members: Member[] };

/**
 * Members as they are now in the team: names and sign-in names refreshed, people who left the
 * team dropped (stored as left), guests left out of this round unless the programme includes them.
 * When Teams cannot be asked, or lists nobody, the stored members are used as they are.
 */
export async function syncRoster(deps: RosterDeps, { programme }: { programme: Programme }): Promise<SyncRosterResult> {
  const members = await deps.programmes.members(programme.id);
  const answer = await deps.roster.members(programme);
  if (answer.kind === 'unavailable' || answer.members.length === 0) {
    const err = answer.kind === 'unavailable' ? answer.error : { name: 'EmptyRoster' };
    deps.log.warn({ programmeId: programme.id, err }, 'roster lookup failed; using stored members');
    return { kind: 'stored', members };
  }
  const inTeam = new Map(answer.members.map((m) => [m.userId, m]));
  const checked: Member[] = [];
  for (const member of members) {
    if (member.status !== 'active') {
      checked.push(member);
      continue;
    }
    const account = inTeam.get(member.userId);
    // Saved over the member as stored now: they may have paused or left while Teams was asked.
    const current = async () => (await deps.programmes.getMember(programme.id, member.userId)) ?? member;
    if (!account) {
      await deps.programmes.saveMember({ ...(await current()), status: 'left' });
      checked.push({ ...member, status: 'left' });
      continue;
    }
    const refreshed = { ...member, name: account.name || member.name, upn: account.upn ?? member.upn };
    if (refreshed.name !== member.name || refreshed.upn !== member.upn) {
      await deps.programmes.saveMember({ ...(await current()), name: refreshed.name, upn: refreshed.upn });
    }
    // A guest stays a member (they may be let in later) but is not paired while guests are out.
    checked.push(account.guest && !programme.settings.includeGuests ? { ...refreshed, status: 'left' } : refreshed);
  }
  return { kind: 'synced', members: checked };
}
