import { BoundedMap } from '../../bot/lib/bounded-map';

/** Milliseconds the test moves by hand. */
function clock() {
  const time = { now: 1_000_000 };
  return { time, now: () => time.now };
}

/** A load the test settles by hand, counting how often it was started. */
function manualLoad<V>() {
  const calls: { resolve: (value: V) => void; reject: (error: unknown) => void }[] = [];
  const load = () => new Promise<V>((resolve, reject) => calls.push({ resolve, reject }));
  return { load, calls };
}

/** Lets settled promises run their callbacks. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('a bounded map', () => {
  test('past its size, the least recently used entry is the one that goes', () => {
    const map = new BoundedMap<string, number>({ maxEntries: 3, ttlMs: 60_000 });
    map.set('a', 1).set('b', 2).set('c', 3);
    expect(map.get('a')).toBe(1); // a is now used more recently than b
    map.set('d', 4);
    expect(map.size).toBe(3);
    expect(map.has('b')).toBe(false);
    expect([map.get('a'), map.get('c'), map.get('d')]).toEqual([1, 3, 4]);
  });

  test('an entry is gone once its time to live has passed, by the clock it is given', () => {
    const { time, now } = clock();
    const map = new BoundedMap<string, string>({ maxEntries: 10, ttlMs: 60_000, now });
    map.set('team', 'roster');
    map.set('short', 'answer', 5_000);
    time.now += 5_000;
    expect(map.get('short')).toBeUndefined();
    time.now += 54_999;
    expect(map.get('team')).toBe('roster');
    time.now += 1;
    expect(map.get('team')).toBeUndefined();
    expect(map.size).toBe(0);
  });

  test('callers asking for the same key while it loads share one load', async () => {
    const map = new BoundedMap<string, string>({ maxEntries: 10, ttlMs: 60_000 });
    const { load, calls } = manualLoad<string>();
    const waiting = Array.from({ length: 20 }, () => map.getOrLoad('meeting/person', load));
    await settle();
    expect(calls).toHaveLength(1);
    calls[0]!.resolve('Organizer');
    expect(await Promise.all(waiting)).toEqual(Array(20).fill('Organizer'));
    expect(await map.getOrLoad('meeting/person', load)).toBe('Organizer');
    expect(calls).toHaveLength(1);
  });

  test('a failed load reaches every waiting caller and is not kept: the next caller loads again', async () => {
    const map = new BoundedMap<string, string>({ maxEntries: 10, ttlMs: 60_000 });
    const { load, calls } = manualLoad<string>();
    const first = map.getOrLoad('team', load);
    const second = map.getOrLoad('team', load);
    await settle();
    calls[0]!.reject(new Error('Teams is down'));
    await expect(first).rejects.toThrow('Teams is down');
    await expect(second).rejects.toThrow('Teams is down');
    await settle();
    expect(map.has('team')).toBe(false);
    const third = map.getOrLoad('team', load);
    await settle();
    expect(calls).toHaveLength(2);
    calls[1]!.resolve('roster');
    expect(await third).toBe('roster');
  });

  test('a loaded value can be kept shorter than the rest, or not at all', async () => {
    const { time, now } = clock();
    const map = new BoundedMap<string, string | null>({ maxEntries: 10, ttlMs: 60_000, now });
    const ttlOf = (value: string | null) => (value === null ? 10_000 : 60_000);
    await map.getOrLoad('outsider', async () => null, ttlOf);
    await map.getOrLoad('organiser', async () => 'Organizer', ttlOf);
    await map.getOrLoad(
      'uncached',
      async () => 'x',
      () => 0,
    );
    await settle();
    expect(map.has('uncached')).toBe(false);
    time.now += 10_000;
    expect(map.has('outsider')).toBe(false);
    expect(map.get('organiser')).toBe('Organizer');
  });

  test('a key deleted while it loads is not stored when the load ends', async () => {
    const map = new BoundedMap<string, string>({ maxEntries: 10, ttlMs: 60_000 });
    const { load, calls } = manualLoad<string>();
    const pending = map.getOrLoad('person', load);
    await settle();
    map.delete('person');
    calls[0]!.resolve('before they were forgotten');
    expect(await pending).toBe('before they were forgotten');
    await settle();
    expect(map.has('person')).toBe(false);
  });

  test('loads in flight count against the bound too', async () => {
    const map = new BoundedMap<string, string>({ maxEntries: 2, ttlMs: 60_000 });
    const { load } = manualLoad<string>();
    void map.getOrLoad('a', load);
    void map.getOrLoad('b', load);
    void map.getOrLoad('c', load);
    expect(map.size).toBe(2);
  });
});
