import { buildBoard, type Board } from '../domain/check-in/board';
import type { CheckInSession } from '../domain/check-in/model';
import type { CheckIns, MeetingSettingsStore } from '../domain/check-in/ports';
import { settingsFor } from '../domain/check-in/use-cases';
import type { Installations } from '../domain/installations';
import type { UiLocale } from '../i18n/locales';
import { BoundedMap } from '../lib/bounded-map';
import { placeLocale } from './activity';

/** How stale the board in a personal card may be; the shared card is always drawn from a fresh read. */
export const PERSONAL_BOARD_MAX_AGE_MS = 1000;
/**
 * How long a check-in read for a button press serves the next presses. In a large meeting hundreds
 * answer within seconds, and each would otherwise read the same check-in again. This instance forgets
 * it at once when it closes it; one closed by another instance may take an answer for this long
 * after the meeting ended (shown on the closed card, like any answer).
 */
export const SESSION_MAX_AGE_MS = 1000;
/** A board is kept this long at most; it also hints at a check-in's size when Say hi links are considered. */
const BOARD_CACHE_MS = 30 * 60 * 1000;
/** How long the language of a check-in's shared card is kept: a language chosen meanwhile shows within a minute. */
const SHARED_LOCALE_MAX_AGE_MS = 60_000;

/**
 * The check-in reads of the answer path, each done once for many answers: the session a button
 * names and the board a personal card shows. Storage requests, not CPU, are what a large meeting
 * costs on Azure Tables (see docs/check-in.md).
 */
export class CheckInReads {
  private readonly boards = new BoundedMap<string, { at: number; board: Board }>({ maxEntries: 1000, ttlMs: BOARD_CACHE_MS });
  /** Board reads on their way, shared by the personal cards that need one at the same moment. */
  private readonly boardLoads = new BoundedMap<string, Board>({ maxEntries: 1000, ttlMs: 0 });
  private readonly sessions = new BoundedMap<string, CheckInSession | undefined>({ maxEntries: 1000, ttlMs: SESSION_MAX_AGE_MS });
  private readonly sharedLocales = new BoundedMap<string, UiLocale>({ maxEntries: 1000, ttlMs: SHARED_LOCALE_MAX_AGE_MS });
  private readonly checkIns: CheckIns;

  constructor(private readonly deps: { checkIns: CheckIns; meetingSettings: MeetingSettingsStore; installations: Pick<Installations, 'get'> }) {
    this.checkIns = deps.checkIns;
  }

  /**
   * The language of what the whole chat sees of a check-in (its shared card, whoever's click
   * redraws it, and the summary): the meeting's chosen language, else the language of whoever
   * installed Hallway in the chat.
   */
  sharedLocale(session: CheckInSession): Promise<UiLocale> {
    return this.sharedLocales.getOrLoad(session.id, async () => {
      const [settings, installation] = await Promise.all([
        settingsFor(this.deps, session.meetingId),
        this.deps.installations.get(session.address.conversationId),
      ]);
      return placeLocale(settings.language, installation?.reference);
    });
  }

  /** The session, read at most once a SESSION_MAX_AGE_MS; ids nobody has are not kept (they would only fill the map). */
  session(sessionId: string): Promise<CheckInSession | undefined> {
    return this.sessions.getOrLoad(
      sessionId,
      () => this.checkIns.get(sessionId),
      (s) => (s ? SESSION_MAX_AGE_MS : 0),
    );
  }

  /** The board, at most `maxAgeMs` old; 0 reads it now (after every answer it must show). */
  async board(sessionId: string, maxAgeMs: number): Promise<Board> {
    const cached = this.boards.get(sessionId);
    if (cached && Date.now() - cached.at <= maxAgeMs) return cached.board;
    if (maxAgeMs > 0) return this.boardLoads.getOrLoad(sessionId, () => this.readBoard(sessionId));
    return this.readBoard(sessionId);
  }

  /** How many shared answers the last board read showed (a hint, no read). */
  sharedSoFar(sessionId: string): number | undefined {
    return this.boards.get(sessionId)?.board.shared.length;
  }

  /** Forgets what is kept of a check-in (it closed, or someone's answers were deleted). */
  forget(sessionId: string): void {
    this.boards.delete(sessionId);
    this.sessions.delete(sessionId);
    this.sharedLocales.delete(sessionId);
  }

  private async readBoard(sessionId: string): Promise<Board> {
    const at = Date.now();
    const board = buildBoard(await this.checkIns.listAnswers(sessionId));
    this.boards.set(sessionId, { at, board });
    return board;
  }
}
