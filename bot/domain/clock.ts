/** Time and chance are passed in, so the domain is deterministic under test. */
export type Clock = { now(): Date };
export type Random = () => number;

export const systemClock: Clock = { now: () => new Date() };
