import { TeamsInfo, type ConversationReference, type TeamsChannelAccount } from 'botbuilder';
import type { Clock } from '../domain/clock';
import type { Programme } from '../domain/coffee/model';
import type { Roster, RosterAnswer, TeamMember } from '../domain/coffee/ports';
import { BoundedMap } from '../lib/bounded-map';
import { errorSummary } from './activity';
import type { Messenger } from './messenger';

/** How long a team's roster answers "is this person in the team?" for the tab. */
const ROSTER_CACHE_MS = 5 * 60 * 1000;
/** Teams whose rosters are kept at once; the least recently used goes first. */
const ROSTER_CACHE_LIMIT = 1000;

/** A person of the team for the tab: the Teams user id Hallway messages them by. */
export type TeamPerson = { userId: string; name: string; upn?: string };

/** Coffee's roster port, asked of Teams (TeamsInfo, 500 members a page); and the tab's look-up by object id. */
export class TeamsRoster implements Roster {
  /** Team rosters for the tab, by programme: a few minutes, shared by concurrent requests. */
  private readonly cached = new BoundedMap<string, Map<string, TeamPerson>>({
    maxEntries: ROSTER_CACHE_LIMIT,
    ttlMs: ROSTER_CACHE_MS,
    now: () => this.deps.clock.now().getTime(),
  });

  constructor(private readonly deps: { messenger: Messenger; clock: Clock }) {}

  async members(programme: Programme): Promise<RosterAnswer> {
    try {
      return { kind: 'found', members: [...(await this.accounts(programme)).values()].map(teamMemberOf) };
    } catch (error) {
      return { kind: 'unavailable', error: errorSummary(error) };
    }
  }

  /**
   * A person of the team, by their directory object id (what the tab's sign-in yields). Each tab
   * call needs it, so a team's roster is asked of Teams once for all requests at the same moment
   * and kept a few minutes. Throws when Teams cannot be asked.
   */
  async findInTeam(programme: Programme, objectId: string): Promise<TeamPerson | undefined> {
    const byObjectId = await this.cached.getOrLoad(programme.id, async () => {
      const people = new Map<string, TeamPerson>();
      for (const account of (await this.accounts(programme)).values()) {
        if (account.aadObjectId) people.set(account.aadObjectId, { userId: account.id, name: account.name ?? 'Someone', upn: upnOf(account) });
      }
      return people;
    });
    return byObjectId.get(objectId);
  }

  private async accounts(programme: Programme): Promise<Map<string, TeamsChannelAccount>> {
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
}

const upnOf = (account: TeamsChannelAccount) => account.userPrincipalName ?? account.email;

function teamMemberOf(account: TeamsChannelAccount): TeamMember {
  return {
    userId: account.id,
    objectId: account.aadObjectId,
    name: account.name,
    upn: upnOf(account),
    guest: (account as { userRole?: string }).userRole === 'guest',
  };
}
