/**
 * Round-robin schedules over positions 0..m-1 (m even): m-1 rounds of pairs in which every two
 * positions meet exactly once (a 1-factorization of the complete graph). Both answer "in which
 * round do x and y meet" in O(log m) or better, so a year of history is priced without listing
 * every round of a large roster.
 */

/** `roundOf(x, y)`: the round in which x and y meet; `pairs(s)`: everyone's partner in round s. */
export type Factorization = { rounds: number; roundOf(x: number, y: number): number; pairs(s: number): [number, number][] };

/**
 * The circle method: the last position stays put while the others turn around a circle of k = m-1
 * seats; round s pairs the fixed position with seat s, and seat s+i with seat s-i.
 */
export function circleFactorization(m: number): Factorization {
  const k = m - 1;
  const half = (k + 1) / 2; // the inverse of 2 modulo the odd k
  return {
    rounds: k,
    roundOf(x, y) {
      if (x === k) return y;
      if (y === k) return x;
      return ((x + y) * half) % k;
    },
    pairs(s) {
      const pairs: [number, number][] = [[k, s]];
      for (let i = 1; i <= (k - 1) / 2; i++) pairs.push([(s + i) % k, (s - i + k) % k]);
      return pairs;
    },
  };
}

/**
 * Halving: with h = m/2, the two halves first play a factorization of h positions side by side
 * (h odd: of h+1, where the extra position's partner meets their counterpart in the other half),
 * then position i meets h + (i + c) mod h for each shift c not used yet. Rounds come neighbours
 * first, and the line puts people with similar hours side by side, so the schedule holds many
 * comfortable rounds for the soft preferences to play first (the circle mixes near and far in
 * every round).
 */
export function halvingFactorization(m: number): Factorization {
  // Level l splits m[l] positions into halves of h[l]; the next level factorizes h (or h+1).
  const sizes: number[] = [];
  for (let size = m; size > 2; size = (size / 2) % 2 === 1 ? size / 2 + 1 : size / 2) sizes.push(size);
  const within = sizes.map((size) => ((size / 2) % 2 === 1 ? size / 2 : size / 2 - 1));

  const roundOf = (x: number, y: number): number => {
    for (let level = 0; level < sizes.length; level++) {
      const h = sizes[level]! / 2;
      const odd = h % 2 === 1;
      if (x >= h === y >= h) {
        x %= h;
        y %= h;
        continue;
      }
      const i = x < h ? x : y;
      const j = x < h ? y - h : x - h;
      const shift = (j - i + h) % h;
      if (!odd) return within[level]! + shift;
      if (shift !== 0) return within[level]! + shift - 1;
      // i meets their counterpart in the round where, one level down, i meets the extra position.
      x = i;
      y = h;
    }
    return 0;
  };

  const pairs = (s: number, level = 0): [number, number][] => {
    if (level === sizes.length) return [[0, 1]];
    const h = sizes[level]! / 2;
    const odd = h % 2 === 1;
    const result: [number, number][] = [];
    if (s < within[level]!) {
      for (const [x, y] of pairs(s, level + 1)) {
        if (odd && (x === h || y === h)) {
          const k = x === h ? y : x;
          result.push([k, h + k]);
        } else result.push([x, y], [h + x, h + y]);
      }
      return result;
    }
    const shift = odd ? s - within[level]! + 1 : s - within[level]!;
    for (let i = 0; i < h; i++) result.push([i, h + ((i + shift) % h)]);
    return result;
  };

  return { rounds: m - 1, roundOf, pairs: (s) => pairs(s) };
}
