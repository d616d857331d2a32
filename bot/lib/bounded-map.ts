export type BoundedMapOptions = {
  /** Entries kept at most; past it the least recently used one goes. */
  maxEntries: number;
  /** How long an entry is good for after it was stored (a value of set or getOrLoad may say otherwise). */
  ttlMs: number;
  /** Milliseconds now; tests pass their own clock. */
  now?: () => number;
};

type Entry<V> = { kind: 'value'; value: V; expiresAt: number } | { kind: 'loading'; promise: Promise<V> };

/**
 * Hallway's one cache and bounded map: at most `maxEntries`, each entry expires `ttlMs` after it was
 * stored, and the least recently used entry is evicted first. `getOrLoad` is single-flight: callers
 * asking for the same key while it loads share one load; a failed load is not kept.
 */
export class BoundedMap<K, V> {
  private readonly entries = new Map<K, Entry<V>>();
  private readonly now: () => number;

  constructor(private readonly options: BoundedMapOptions) {
    if (!(options.maxEntries >= 1)) throw new RangeError('BoundedMap: maxEntries must be at least 1');
    this.now = options.now ?? Date.now;
  }

  /** Entries held, loads in flight included (expired ones go when next looked at or evicted). */
  get size(): number {
    return this.entries.size;
  }

  /** The stored value, when there is one and it has not expired; counts as a use. */
  get(key: K): V | undefined {
    const entry = this.fresh(key);
    return entry?.kind === 'value' ? entry.value : undefined;
  }

  has(key: K): boolean {
    return this.fresh(key)?.kind === 'value';
  }

  /** Stores a value for `ttlMs` (the map's by default); a load in flight for the key is then not kept. */
  set(key: K, value: V, ttlMs = this.options.ttlMs): this {
    this.put(key, { kind: 'value', value, expiresAt: this.now() + ttlMs });
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * The value for `key`: stored, or being loaded by another caller, or loaded now by `load`. The
   * loaded value is kept for `ttlOf(value)` ms (the map's TTL by default; 0 keeps nothing).
   */
  getOrLoad(key: K, load: () => Promise<V>, ttlOf?: (value: V) => number): Promise<V> {
    const entry = this.fresh(key);
    if (entry) return entry.kind === 'value' ? Promise.resolve(entry.value) : entry.promise;
    const loading: Entry<V> = { kind: 'loading', promise: Promise.resolve().then(load) };
    this.put(key, loading);
    loading.promise.then(
      (value) => {
        // Deleted, evicted or overwritten meanwhile: whoever did that decided, the result is not kept.
        if (this.entries.get(key) !== loading) return;
        const ttl = ttlOf ? ttlOf(value) : this.options.ttlMs;
        if (ttl > 0) this.entries.set(key, { kind: 'value', value, expiresAt: this.now() + ttl });
        else this.entries.delete(key);
      },
      () => {
        if (this.entries.get(key) === loading) this.entries.delete(key);
      },
    );
    return loading.promise;
  }

  /** The entry for `key` unless expired (then dropped), moved to most recently used. */
  private fresh(key: K): Entry<V> | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    this.entries.delete(key);
    if (entry.kind === 'value' && entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry;
  }

  private put(key: K, entry: Entry<V>): void {
    this.entries.delete(key);
    this.entries.set(key, entry);
    while (this.entries.size > this.options.maxEntries) this.entries.delete(this.entries.keys().next().value!);
  }
}
