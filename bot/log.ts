import pino from 'pino';

export type Logger = pino.Logger;

/**
 * Structured JSON logs. Personal content (notes, moods, names, message text) is never logged:
 * log ids and counts only.
 */
export function createLogger(level: pino.LevelWithSilent, destination?: pino.DestinationStream): Logger {
  return pino({ level, base: { service: 'hallway' }, timestamp: pino.stdTimeFunctions.isoTime }, destination);
}
