/** Dates and times as the person reads them, in their own locale and time zone. */
export function when(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleString(undefined, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: '2-digit',
    minute: '2-digit',
    timeZone,
  });
}

export function day(iso: string, timeZone?: string): string {
  return new Date(iso).toLocaleDateString(undefined, { weekday: 'long', day: 'numeric', month: 'long', timeZone });
}

export function browserTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

export function names(list: string[]): string {
  if (list.length <= 1) return list.join('');
  return `${list.slice(0, -1).join(', ')} and ${list[list.length - 1]}`;
}

/** Tomorrow and a year from today as yyyy-mm-dd, the bounds of a pause. */
export function pauseBounds(): { min: string; max: string } {
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const now = Date.now();
  return { min: iso(new Date(now + 86_400_000)), max: iso(new Date(now + 365 * 86_400_000)) };
}
