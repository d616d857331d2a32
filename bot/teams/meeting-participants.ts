import type { ConversationReference } from 'botbuilder';
import type { Clock } from '../domain/clock';
import { BoundedMap } from '../lib/bounded-map';
import type { Messenger } from './messenger';
import { pacedTeamsClient } from './outbound';

/** How long Teams' answer about a meeting participant serves the tab; a "not a participant" less, so an added guest gets in soon. */
const PARTICIPANT_CACHE_MS = 60_000;
const NOT_A_PARTICIPANT_CACHE_MS = 10_000;
const PARTICIPANT_CACHE_LIMIT = 20_000;

export type MeetingParticipant = { role: string; chatId: string };

/** Teams' answers about meeting participants for the tab, by tenant, meeting and person. */
export class MeetingParticipants {
  private readonly participants: BoundedMap<string, MeetingParticipant | undefined>;

  constructor(private readonly deps: { messenger: Messenger; clock: Clock }) {
    this.participants = new BoundedMap({
      maxEntries: PARTICIPANT_CACHE_LIMIT,
      ttlMs: PARTICIPANT_CACHE_MS,
      now: () => deps.clock.now().getTime(),
    });
  }

  /**
   * The person in the meeting as Teams answers for the tab: their role (Organizer, Presenter,
   * Attendee) and the meeting's own chat; undefined when not a participant. The side panel polls,
   * so answers are shared by concurrent requests and kept a minute (a refusal less), per meeting
   * and person whichever chat asks.
   */
  find(reference: unknown, meetingId: string, objectId: string, tenantId: string): Promise<MeetingParticipant | undefined> {
    const key = JSON.stringify([tenantId, meetingId, objectId]);
    const load = () => this.fetch(reference, meetingId, objectId, tenantId);
    return this.participants.getOrLoad(key, load, (found) => (found ? PARTICIPANT_CACHE_MS : NOT_A_PARTICIPANT_CACHE_MS));
  }

  private async fetch(reference: unknown, meetingId: string, objectId: string, tenantId: string) {
    try {
      // Not TeamsInfo.getMeetingParticipant: it makes an unpaced client of its own.
      const participant = await this.deps.messenger.request(reference as ConversationReference, (context) =>
        pacedTeamsClient(context).teams.fetchMeetingParticipant(meetingId, objectId, { tenantId }),
      );
      const role = participant.meeting?.role;
      // An answer without the meeting's chat matches no chat: the meeting boundary then refuses.
      return role ? { role, chatId: participant.conversation?.id ?? '' } : undefined;
    } catch (error) {
      const status = (error as { statusCode?: number }).statusCode;
      if (status === 404 || status === 403) return undefined;
      throw error;
    }
  }
}
