import type { Clock } from '../domain/clock';
import { deliverRound } from '../domain/coffee/delivery';
import { runDueWork, startRound } from '../domain/coffee/due-work';
import type { Programme } from '../domain/coffee/model';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import type { Installations } from '../domain/installations';
import type { Logger } from '../log';
import { CoffeeCommands } from './coffee-commands';
import { TeamsNotifier } from './coffee-notifier';
import { TeamsRoster, type TeamPerson } from './coffee-roster';
import type { Messenger } from './messenger';

export type CoffeeControllerDeps = {
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

/**
 * Virtual coffee in Teams: the use cases of bot/domain/coffee with the team's roster and 1:1
 * messages from Teams. What people type and press is in coffee-commands.ts (`commands`).
 */
export class CoffeeController {
  readonly commands: CoffeeCommands;
  private readonly roster: TeamsRoster;
  private readonly useCases: Parameters<typeof runDueWork>[0] & Parameters<typeof deliverRound>[0];
  private readonly delivering = new Map<string, Promise<void>>();

  constructor(deps: CoffeeControllerDeps) {
    this.roster = new TeamsRoster(deps);
    this.useCases = {
      ...deps,
      roster: this.roster,
      notifier: new TeamsNotifier(deps.messenger, deps.installations),
      deliver: (roundId) => this.deliver(roundId),
    };
    this.commands = new CoffeeCommands({
      ...deps,
      startRound: (programme, trigger) => startRound(this.useCases, { programme, trigger }),
      deliver: (roundId) => this.deliver(roundId),
    });
  }

  /** A person of the team by directory object id, for the tab (see TeamsRoster.findInTeam). */
  findInTeam(programme: Programme, objectId: string): Promise<TeamPerson | undefined> {
    return this.roster.findInTeam(programme, objectId);
  }

  /** Sends a round's pending messages; a second call while one runs in this process waits for it. */
  deliver(roundId: string): Promise<void> {
    const running = this.delivering.get(roundId);
    if (running) return running;
    const work = deliverRound(this.useCases, { roundId })
      .then(() => undefined)
      .finally(() => this.delivering.delete(roundId));
    this.delivering.set(roundId, work);
    return work;
  }

  /** Scheduled work, called by the job runner: due rounds, due follow-ups, unfinished deliveries. */
  async runDueWork(): Promise<void> {
    await runDueWork(this.useCases);
  }
}
