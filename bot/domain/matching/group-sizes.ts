/**
 * How many people go in each group, largest first. Nobody is ever left alone when two or more
 * take part.
 * - Pairs: an odd count makes exactly one trio.
 * - Trios: one left over joins a trio (one group of four); two left over meet as a pair.
 *   So 4 people make one group of four, 5 make a trio and a pair, 7 make a four and a trio.
 */
export function groupSizes(people: number, preferred: 2 | 3): number[] {
  if (people < 2) return [];
  if (people <= 3) return [people];
  const sizes: number[] = [];
  if (preferred === 2) {
    const pairs = Math.floor(people / 2);
    if (people % 2 === 1) sizes.push(3);
    for (let i = people % 2 === 1 ? 1 : 0; i < pairs; i++) sizes.push(2);
    return sizes;
  }
  const trios = Math.floor(people / 3);
  const left = people % 3;
  if (left === 1) sizes.push(4);
  for (let i = left === 1 ? 1 : 0; i < trios; i++) sizes.push(3);
  if (left === 2) sizes.push(2);
  return sizes;
}
