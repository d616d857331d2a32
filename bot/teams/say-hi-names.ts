import { TeamsInfo, type ConversationReference } from 'botbuilder';
import { SAY_HI_LIMIT } from '../cards/check-in-card';
import type { Answer, CheckInSession } from '../domain/check-in/model';
import type { CheckIns } from '../domain/check-in/ports';
import { BoundedMap } from '../lib/bounded-map';
import type { Logger } from '../log';
import { errorSummary } from './activity';
import type { Messenger } from './messenger';

const UPN_CACHE_LIMIT = 50_000;
/** Sign-in names change rarely; a day-long meeting series keeps its Say hi links without asking Teams again. */
const UPN_CACHE_MS = 12 * 60 * 60 * 1000;

/** Sign-in names of people who answered a check-in, for Say hi links (the invoke does not carry them). */
export class SayHiNames {
  private readonly upns = new BoundedMap<string, string>({ maxEntries: UPN_CACHE_LIMIT, ttlMs: UPN_CACHE_MS });
  /** Sign-in name lookups started per check-in: Say hi needs at most SAY_HI_LIMIT of them. */
  private readonly lookups = new BoundedMap<string, number>({ maxEntries: 1000, ttlMs: UPN_CACHE_MS });

  constructor(private readonly deps: { messenger: Messenger; checkIns: CheckIns; log: Logger }) {}

  /** The sign-in name already known for a person. */
  get(userId: string): string | undefined {
    return this.upns.get(userId);
  }

  /**
   * Looks up the sign-in name of someone who just answered, when a Say hi link will show it:
   * stored on the answer, then `onFound` (to redraw the card). `shared` is the shared answers so
   * far, when known. Say hi links appear only in small meetings; no lookup where none would be used.
   */
  lookUpIfShown(session: CheckInSession, answer: Answer, shared: number | undefined, onFound: () => void): void {
    if (answer.person.upn || answer.skipped || answer.visibility !== 'shared') return;
    const started = this.lookups.get(session.id) ?? 0;
    if (started >= SAY_HI_LIMIT || (shared ?? 0) > SAY_HI_LIMIT) return;
    this.lookups.set(session.id, started + 1);
    void this.lookUp(session, answer.person.userId, onFound);
  }

  private async lookUp(session: CheckInSession, userId: string, onFound: () => void): Promise<void> {
    try {
      const member = await this.deps.messenger.request(session.address.reference as ConversationReference, (context) => TeamsInfo.getMember(context, userId));
      const upn = member.userPrincipalName ?? member.email;
      if (!upn) return;
      this.upns.set(userId, upn);
      await this.deps.checkIns.setAnswerUpn(session.id, userId, upn);
      onFound();
    } catch (error) {
      this.deps.log.debug({ sessionId: session.id, err: errorSummary(error) }, 'member lookup failed; no Say hi link');
    }
  }

  /** Forgets people's sign-in names (forget me). */
  forget(userIds: string[]): void {
    for (const id of userIds) this.upns.delete(id);
  }
}
