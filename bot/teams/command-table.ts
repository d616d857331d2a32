import type { TurnContext } from 'botbuilder';
import { teamOrChatOf } from './activity';
import type { BreaksController } from './breaks-controller';
import type { CoffeeCommands } from './coffee-commands';
import type { DaysController } from './days-controller';
import { readCommand, type CommandName, type Family } from './command-list';

/** Answers a typed command; `args` are the words after it, for a command that reads them. */
export type CommandHandler = (context: TurnContext, args: string[]) => Promise<void>;

/**
 * Every command and its handler. A Record over the command names of command-list.ts, so a
 * command without a handler (or a handler for no command) fails the type-check, and the command
 * menu cannot offer what the bot does not answer.
 */
export type CommandTable = {
  commands: Record<CommandName, CommandHandler>;
  /** `coffee` followed by words that are no coffee command. */
  families: Record<Family, CommandHandler>;
  /** Anything else. */
  unknown: CommandHandler;
};

export type CommandHandlers = {
  checkIn: CommandHandler;
  help: CommandHandler;
  unknown: CommandHandler;
  forgetMe: CommandHandler;
  breaks: BreaksController;
  days: DaysController;
  coffee: CoffeeCommands;
};

export function commandTable({ checkIn, help, unknown, forgetMe, breaks, days, coffee }: CommandHandlers): CommandTable {
  return {
    commands: {
      'check-in': checkIn,
      'check in': checkIn,
      checkin: checkIn,
      coffee: (context) => coffee.status(context),
      'coffee join': (context) => coffee.join(context),
      'coffee pause': (context, args) => coffee.pause(context, args),
      'coffee resume': (context) => coffee.resume(context),
      'coffee leave': (context) => coffee.leave(context),
      'coffee pair now': (context) => coffee.pairNow(context),
      breaks: (context) => breaks.onCommand(context, teamOrChatOf(context)),
      days: (context) => days.onCommand(context),
      'forget me': forgetMe,
      help,
    },
    families: { coffee: (context) => coffee.unknownCommand(context) },
    unknown,
  };
}

/**
 * Runs the command a normalised text names. `read` is told first what the text was taken for
 * (a command's name, a family, or "unknown"; never the text itself), for the log.
 */
export async function dispatchCommand(table: CommandTable, context: TurnContext, text: string, read: (command: string) => void): Promise<void> {
  const match = readCommand(text);
  switch (match.kind) {
    case 'command':
      read(match.name);
      return table.commands[match.name](context, match.args);
    case 'family':
      read(match.family);
      return table.families[match.family](context, []);
    case 'unknown':
      read('unknown');
      return table.unknown(context, []);
  }
}
