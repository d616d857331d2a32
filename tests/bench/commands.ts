/**
 * Command parsing benchmark (`npm run bench -- commands`): nanoseconds per character to read
 * pathological messages of 1k to 1M characters, with the regular-expression parser Hallway had
 * before and the one-pass parser it has now. Flat figures mean linear time. The old parser is
 * quadratic on a run of punctuation; a size it would take longer than OLD_BUDGET_MS for is not run,
 * and its projected time is shown instead. (Hallway itself no longer reads messages over 300
 * characters; these sizes measure the parser alone.)
 */
import { normaliseCommand } from '../../bot/teams/command-text';

/** The parser before (bot/teams/hallway-bot.ts until the trust-boundaries work), for comparison only. */
function oldNormaliseCommand(text: string): string {
  return text
    .replace(/<at>[^<]*<\/at>/gi, ' ')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .replace(/[.!?]+$/, '')
    .trim();
}

const SIZES = [1_000, 10_000, 100_000, 1_000_000];
/** Longest single run of the old parser this benchmark waits for. */
const OLD_BUDGET_MS = Number(process.env.BENCH_OLD_BUDGET_MS ?? 4000);
/** Each measurement repeats until this much time has passed (at least once). */
const MEASURE_MS = 300;

/** `unit` repeated to exactly n characters. */
const repeated = (unit: string, n: number) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);

const INPUTS: Record<string, (n: number) => string> = {
  'dots then a letter': (n) => `${'.'.repeat(n - 1)}x`,
  'unclosed mentions': (n) => repeated('<at>', n),
  'one unclosed mention': (n) => `<at>${'a'.repeat(n - 4)}`,
  'mentions, spaces and dots': (n) => repeated('<at>Hallway</at> . ', n),
  'spaces of every kind': (n) => `${repeated(' \u00a0\t\u3000', n - 1)}x`,
};

function nsPerChar(parse: (text: string) => string, text: string): number {
  let runs = 0;
  const started = process.hrtime.bigint();
  let elapsed = 0n;
  do {
    parse(text);
    runs++;
    elapsed = process.hrtime.bigint() - started;
  } while (elapsed < BigInt(MEASURE_MS) * 1_000_000n);
  return Number(elapsed) / runs / text.length;
}

type Row = { input: string; chars: number; beforeNsPerChar: number | null; beforeProjectedMs?: number; afterNsPerChar: number };

export async function commandsBench(options: { json: boolean }): Promise<void> {
  const rows: Row[] = [];
  for (const [input, make] of Object.entries(INPUTS)) {
    // Warm both up on a small input so the first size is not measuring the JIT.
    for (let i = 0; i < 200; i++) {
      normaliseCommand(make(1_000));
      oldNormaliseCommand(make(1_000));
    }
    let lastOld: { chars: number; ms: number } | undefined;
    for (const chars of SIZES) {
      const text = make(chars);
      const after = nsPerChar(normaliseCommand, text);
      // The old parser's cost grows at most with the square of the length.
      const projectedMs = lastOld ? lastOld.ms * (chars / lastOld.chars) ** 2 : 0;
      let before: number | null = null;
      if (projectedMs <= OLD_BUDGET_MS) {
        before = nsPerChar(oldNormaliseCommand, text);
        lastOld = { chars, ms: (before * chars) / 1e6 };
      }
      rows.push({
        input,
        chars: text.length,
        beforeNsPerChar: before,
        ...(before === null ? { beforeProjectedMs: projectedMs } : {}),
        afterNsPerChar: after,
      });
    }
  }

  const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
  console.log('\ncommand parsing: ns per character, before (regular expressions) and after (one pass)');
  console.log('| input | characters | before ns/char | after ns/char |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const r of rows) {
    const before = r.beforeNsPerChar === null ? `not run (about ${(r.beforeProjectedMs! / 1000).toFixed(0)} s)` : fmt(r.beforeNsPerChar);
    console.log(`| ${r.input} | ${r.chars.toLocaleString('en')} | ${before} | ${fmt(r.afterNsPerChar)} |`);
  }
  const after = rows.map((r) => r.afterNsPerChar);
  console.log(`\nafter: ${fmt(Math.min(...after))} to ${fmt(Math.max(...after))} ns per character over every input and size`);
  if (options.json) console.log(JSON.stringify({ bench: 'commands', rows }));
}
