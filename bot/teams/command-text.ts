/**
 * Reading a typed command, in time linear in its length: one pass with plain loops, no regular
 * expression that could backtrack on a long run of punctuation or unclosed mentions (a message of
 * 50,000 dots used to hold the event loop for seconds). Longer than a command can be, a message is
 * not read at all.
 */

/** The longest command Hallway reads (the longest is about 20 characters, plus a mention). */
export const COMMAND_MAX_LENGTH = 300;

const MENTION_OPEN = '<at>';
const MENTION_CLOSE = '</at>';

/** The characters JavaScript's `\s` matches. */
function isSpace(code: number): boolean {
  if (code > 0x20 && code < 0xa0) return false; // most characters: printable ASCII
  return (
    code === 0x20 ||
    (code >= 0x09 && code <= 0x0d) ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Full stops, exclamation and question marks, Japanese ones (。！？) too. */
const isEndPunctuation = (code: number) =>
  code === 0x2e /* . */ || code === 0x21 /* ! */ || code === 0x3f /* ? */ || code === 0x3002 /* 。 */ || code === 0xff01 /* ！ */ || code === 0xff1f; /* ？ */

/**
 * Command text as typed: `<at>…</at>` mentions removed, case and spacing ignored, trailing
 * punctuation dropped. Linear: each character is looked at a bounded number of times.
 */
export function normaliseCommand(text: string): string {
  const lower = text.toLowerCase();
  const words: string[] = [];
  let wordStart = -1;
  const endWord = (at: number) => {
    if (wordStart >= 0) words.push(lower.slice(wordStart, at));
    wordStart = -1;
  };
  let i = 0;
  while (i < lower.length) {
    const code = lower.charCodeAt(i);
    if (code === 0x3c /* < */ && lower.startsWith(MENTION_OPEN, i)) {
      // A mention holds no "<": look for the close at the next "<" only, so no character is
      // searched twice however many "<at>" there are.
      const next = lower.indexOf('<', i + MENTION_OPEN.length);
      if (next !== -1 && lower.startsWith(MENTION_CLOSE, next)) {
        endWord(i);
        i = next + MENTION_CLOSE.length;
        continue;
      }
    }
    if (isSpace(code)) endWord(i);
    else if (wordStart < 0) wordStart = i;
    i++;
  }
  endWord(lower.length);

  // Trailing punctuation, even as words of its own ("help !").
  while (words.length > 0) {
    const last = words[words.length - 1]!;
    let end = last.length;
    while (end > 0 && isEndPunctuation(last.charCodeAt(end - 1))) end--;
    if (end > 0) {
      words[words.length - 1] = last.slice(0, end);
      break;
    }
    words.pop();
  }
  return words.join(' ');
}
