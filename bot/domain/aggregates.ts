/**
 * Aggregates are computed and shown only over at least this many people, so nobody can be singled
 * out: coffee totals, the pulse's charts, every figure an organiser sees. The one place it is set.
 */
export const MIN_PEOPLE_FOR_STATS = 5;
