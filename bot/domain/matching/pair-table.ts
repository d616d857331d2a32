/** Bound once: a global lookup per call is slow in sandboxes such as jest's vm context. */
const { floor, imul } = Math;

/**
 * Numbers per unordered pair of roster indices: an open-addressing hash table in one typed array
 * (key and value side by side), because 10,000 members with a year of history make a few hundred
 * thousand entries, and a Map with large numeric keys spends most of a round in the collector.
 */
export class PairTable {
  /** [key, value] per slot; key 0 marks an empty slot. */
  private slots: Float64Array;
  private mask: number;
  size = 0;

  constructor(expected: number) {
    let capacity = 16;
    while (capacity < expected * 1.5) capacity *= 2;
    this.slots = new Float64Array(capacity * 2);
    this.mask = capacity - 1;
  }

  add(a: number, b: number, value: number): void {
    const key = keyOf(a, b);
    let i = this.slot(a, b);
    for (;;) {
      const k = this.slots[2 * i]!;
      if (k === key) break;
      if (k === 0) {
        if ((this.size + 1) * 4 > (this.mask + 1) * 3) {
          this.grow();
          this.add(a, b, value);
          return;
        }
        this.slots[2 * i] = key;
        this.size++;
        break;
      }
      i = (i + 1) & this.mask;
    }
    this.slots[2 * i + 1]! += value;
  }

  get(a: number, b: number): number {
    const key = keyOf(a, b);
    let i = this.slot(a, b);
    for (;;) {
      const k = this.slots[2 * i]!;
      if (k === key) return this.slots[2 * i + 1]!;
      if (k === 0) return 0;
      i = (i + 1) & this.mask;
    }
  }

  forEach(visit: (a: number, b: number, value: number) => void): void {
    for (let i = 0; i <= this.mask; i++) {
      const k = this.slots[2 * i]!;
      if (k !== 0) visit(floor((k - 1) / SPAN), (k - 1) % SPAN, this.slots[2 * i + 1]!);
    }
  }

  private slot(a: number, b: number): number {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    let h = imul(lo, 0x9e3779b1) ^ hi;
    h = imul(h ^ (h >>> 16), 0x85ebca6b);
    return (h ^ (h >>> 13)) & this.mask;
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.mask = old.length - 1;
    this.size = 0;
    for (let i = 0; i < old.length; i += 2) {
      const k = old[i]!;
      if (k !== 0) this.add(floor((k - 1) / SPAN), (k - 1) % SPAN, old[i + 1]!);
    }
  }
}

/** Roster indices stay far below 2^26, so a pair packs exactly into one double. */
const SPAN = 2 ** 26;

function keyOf(a: number, b: number): number {
  return a < b ? a * SPAN + b + 1 : b * SPAN + a + 1;
}
