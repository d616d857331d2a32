import { IANAZone } from 'luxon';

/** Bound once: a global lookup per call is slow in sandboxes such as jest's vm context. */
const { max, min } = Math;

const DAY = 24 * 60;

/** A working day as minutes after UTC midnight: it may run past midnight. */
export type UtcWindow = { start: number; length: number };

/** A fixed reference day (northern winter), for anything that must not move with summer time. */
export const STANDARD_DAY = Date.parse('2026-01-15T12:00:00Z');

/** The local 9 to 5 assumed when a member gave a time zone but no hours. */
export const DEFAULT_HOURS = { start: 9, end: 17 };

/**
 * Converts local working hours to UTC on a reference instant (the zone's offset that day, so
 * summer time counts). Unknown or invalid zones and empty days give undefined: no preference.
 */
export function utcWindow(
  timeZone: string | undefined,
  startHour: number | undefined,
  endHour: number | undefined,
  at: number,
  offsets: Map<string, number | undefined>,
): UtcWindow | undefined {
  if (!timeZone) return undefined;
  if (!offsets.has(timeZone)) {
    const zone = IANAZone.create(timeZone);
    offsets.set(timeZone, zone.isValid ? zone.offset(at) : undefined);
  }
  const offset = offsets.get(timeZone);
  if (offset === undefined) return undefined;
  const start = startHour ?? DEFAULT_HOURS.start;
  let end = endHour ?? DEFAULT_HOURS.end;
  if (!(start >= 0 && start <= 24 && end >= 0 && end <= 24)) return undefined;
  if (end <= start) end += 24;
  const length = min(DAY, (end - start) * 60);
  if (length <= 0) return undefined;
  return { start: mod(start * 60 - offset, DAY), length };
}

/** Shared working minutes of two days on the 24-hour circle. */
export function overlapMinutes(a: UtcWindow, b: UtcWindow): number {
  const d = mod(b.start - a.start, DAY);
  const same = max(0, min(a.length, d + b.length) - d);
  const wrapped = max(0, min(a.length, d - DAY + b.length));
  return min(a.length, b.length, same + wrapped);
}

function mod(x: number, m: number): number {
  return ((x % m) + m) % m;
}
