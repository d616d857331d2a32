import { Coalescer } from '../../bot/teams/coalescer';

/** A promise the test settles by hand, to hold a run "in flight". */
function deferred() {
  let resolve!: () => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/**
 * A meeting whose shared card is updated by the coalescer: `answers` is the latest state, each run
 * "posts" the card and records what it showed and when.
 */
function meeting(intervalMs: number, runImpl?: (key: string) => Promise<void>) {
  const state = { answers: 0 };
  const runs: { at: number; key: string; shown: number }[] = [];
  const errors: { key: string; error: unknown }[] = [];
  const coalescer = new Coalescer({
    intervalMs,
    run: async (key) => {
      runs.push({ at: Date.now(), key, shown: state.answers });
      if (runImpl) await runImpl(key);
    },
    onError: (key, error) => errors.push({ key, error }),
  });
  return { state, runs, errors, coalescer };
}

beforeEach(() => {
  jest.useFakeTimers({ now: 0 });
});

afterEach(() => {
  jest.useRealTimers();
});

describe('shared card updates are coalesced', () => {
  test.each([100, 250, 2000])(
    'with 100 answers within a second and an interval of %i ms, the card is updated at most once per interval and last shows every answer',
    async (intervalMs) => {
      const { state, runs, coalescer } = meeting(intervalMs);
      for (let i = 0; i < 100; i++) {
        state.answers++;
        coalescer.schedule('meeting-1');
        await jest.advanceTimersByTimeAsync(10);
      }
      const elapsed = Date.now();
      expect(elapsed).toBe(1000);
      await jest.advanceTimersByTimeAsync(intervalMs);

      expect(runs.length).toBeGreaterThanOrEqual(2);
      expect(runs.length).toBeLessThanOrEqual(Math.ceil(elapsed / intervalMs) + 1);
      for (let i = 1; i < runs.length; i++) expect(runs[i]!.at - runs[i - 1]!.at).toBeGreaterThanOrEqual(intervalMs);
      // The last answer came at 990 ms: there is a run after it, and it shows all 100 answers.
      expect(runs.at(-1)!.at).toBeGreaterThanOrEqual(990);
      expect(runs.at(-1)!.shown).toBe(100);
      // And nothing more once the meeting goes quiet.
      const total = runs.length;
      await jest.advanceTimersByTimeAsync(10 * intervalMs);
      expect(runs).toHaveLength(total);
      expect(coalescer.pending).toBe(0);
    },
  );

  test('answers trickling in every half second still update the card at most once every 2 seconds', async () => {
    // Each update finishes long before the next answer arrives: the interval must still hold.
    const { state, runs, coalescer } = meeting(2000);
    for (let i = 0; i < 20; i++) {
      state.answers++;
      coalescer.schedule('meeting-1');
      await jest.advanceTimersByTimeAsync(500);
    }
    await jest.advanceTimersByTimeAsync(2000);
    expect(runs.map((r) => r.at)).toEqual([0, 2000, 4000, 6000, 8000, 10_000]);
    expect(runs.at(-1)!.shown).toBe(20);
  });

  test('after a quiet interval, the next answer updates the card right away again', async () => {
    const { state, runs, coalescer } = meeting(2000);
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(5000);
    state.answers = 1;
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    expect(runs.map((r) => [r.at, r.shown])).toEqual([
      [0, 0],
      [5000, 1],
    ]);
  });

  test('the first answer updates the card right away', async () => {
    const { state, runs, coalescer } = meeting(2000);
    state.answers = 1;
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toEqual([{ at: 0, key: 'meeting-1', shown: 1 }]);
  });

  test('a quiet meeting gets no extra updates', async () => {
    const { runs, coalescer } = meeting(2000);
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(60_000);
    expect(runs).toHaveLength(1);
  });

  test('two meetings are updated independently', async () => {
    const { runs, coalescer } = meeting(2000);
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(100);
    coalescer.schedule('meeting-2');
    await jest.advanceTimersByTimeAsync(0);
    expect(runs.map((r) => [r.key, r.at])).toEqual([
      ['meeting-1', 0],
      ['meeting-2', 100],
    ]);
  });

  test('an answer that arrives while the card is being updated leads to one more update showing it', async () => {
    let gate = deferred();
    const { state, runs, coalescer } = meeting(2000, () => gate.promise);
    state.answers = 1;
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    expect(runs).toHaveLength(1);

    // Two answers while the first update is still in flight.
    state.answers = 2;
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(500);
    state.answers = 3;
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(500);
    expect(runs).toHaveLength(1);

    const first = gate;
    gate = deferred();
    first.resolve();
    await jest.advanceTimersByTimeAsync(2000);
    expect(runs.map((r) => r.shown)).toEqual([1, 3]);
    gate.resolve();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(2);
    expect(coalescer.pending).toBe(0);
  });

  test('a slow update that outlasts the interval is followed straight away by the next one', async () => {
    let gate = deferred();
    const { state, runs, coalescer } = meeting(2000, () => gate.promise);
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    state.answers = 5;
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(5000);
    const first = gate;
    gate = deferred();
    first.resolve();
    await jest.advanceTimersByTimeAsync(0);
    expect(runs.map((r) => [r.at, r.shown])).toEqual([
      [0, 0],
      [5000, 5],
    ]);
    gate.resolve();
  });
});

describe('flush', () => {
  test('runs a pending update immediately instead of waiting for the interval', async () => {
    const { state, runs, coalescer } = meeting(2000);
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    state.answers = 7;
    coalescer.schedule('meeting-1');
    coalescer.schedule('meeting-2');
    await jest.advanceTimersByTimeAsync(100);
    expect(runs).toHaveLength(2);

    await coalescer.flush();
    expect(Date.now()).toBe(100);
    expect(
      runs
        .slice(2)
        .map((r) => [r.key, r.shown])
        .sort(),
    ).toEqual([['meeting-1', 7]]);
    expect(coalescer.pending).toBe(0);
    // Nothing is left to run later.
    await jest.advanceTimersByTimeAsync(10_000);
    expect(runs).toHaveLength(3);
  });

  test('waits for an update in flight and for the change that came in during it', async () => {
    const gate = deferred();
    let calls = 0;
    const { state, runs, coalescer } = meeting(2000, () => (++calls === 1 ? gate.promise : Promise.resolve()));
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    state.answers = 4;
    coalescer.schedule('meeting-1');

    let flushed = false;
    const flushing = coalescer.flush().then(() => (flushed = true));
    await jest.advanceTimersByTimeAsync(0);
    expect(flushed).toBe(false);
    gate.resolve();
    await flushing;
    expect(runs.map((r) => r.shown)).toEqual([0, 4]);
    expect(coalescer.pending).toBe(0);
  });

  test('with nothing pending, returns at once', async () => {
    const { runs, coalescer } = meeting(2000);
    await coalescer.flush();
    expect(runs).toEqual([]);
  });
});

describe('a failing update', () => {
  test('is reported, and later answers still update the card', async () => {
    const failure = new Error('connector said 500');
    let calls = 0;
    const { state, runs, errors, coalescer } = meeting(2000, async () => {
      if (++calls === 1) throw failure;
    });
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    expect(errors).toEqual([{ key: 'meeting-1', error: failure }]);

    state.answers = 2;
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(2000);
    expect(runs.map((r) => r.shown)).toEqual([0, 2]);
    expect(errors).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(coalescer.pending).toBe(0);
  });

  test('does not lose an answer that arrived while it was failing', async () => {
    const gate = deferred();
    let calls = 0;
    const { state, runs, errors, coalescer } = meeting(2000, () => (++calls === 1 ? gate.promise : Promise.resolve()));
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    state.answers = 9;
    coalescer.schedule('meeting-1');
    gate.reject(new Error('throttled'));
    await jest.advanceTimersByTimeAsync(2000);
    expect(errors).toHaveLength(1);
    expect(runs.map((r) => r.shown)).toEqual([0, 9]);
  });

  test('without an error handler, a failure does not stop later updates', async () => {
    let calls = 0;
    const runs: number[] = [];
    const coalescer = new Coalescer({
      intervalMs: 2000,
      run: async () => {
        runs.push(Date.now());
        if (++calls === 1) throw new Error('boom');
      },
    });
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(0);
    coalescer.schedule('meeting-1');
    await jest.advanceTimersByTimeAsync(2000);
    expect(runs).toHaveLength(2);
  });
});
