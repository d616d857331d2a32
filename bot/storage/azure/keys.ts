/**
 * Keys and values as Azure Tables (and Cosmos DB for Table) accept them.
 *
 * PartitionKey and RowKey may not contain / \ # ? or control characters, Cosmos DB adds a few
 * more restrictions, and keys end up in URLs. Teams ids are mostly letters, digits, ':' '-' '_'
 * '@' and '.', so those stay readable and everything else (including our own separator '|' and
 * the escape character '~') becomes ~XX per UTF-8 byte. Encoding is injective, so two ids never
 * share a key, and composite keys join encoded parts with '|'.
 */
const PLAIN = /[A-Za-z0-9:._@-]/;
/** Most ids are plain throughout and stay as they are (a check on every key of every request). */
const ALL_PLAIN = /^[A-Za-z0-9:._@-]+$/;

export function key(value: string): string {
  if (ALL_PLAIN.test(value)) return value;
  let out = '';
  for (const char of value) {
    if (PLAIN.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `~${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  // An empty key is valid in Azure Tables but not everywhere: give it a visible name.
  return out === '' ? '~' : out;
}

/** A composite key of already-encoded parts (or literal names). */
export const join = (...parts: string[]): string => parts.join('|');

/** Numbers in keys sort as text, so they are zero-padded. */
export const seqKey = (n: number): string => String(n).padStart(10, '0');

/** Filter bounds for "RowKey starts with `prefix|`": '}' is the character after '|'. */
export const prefixRange = (prefix: string): { from: string; to: string } => ({ from: `${prefix}|`, to: `${prefix}}` });

/** Dates are stored as ISO-8601 UTC text: fixed width, so text order is time order in filters. */
export const iso = (date: Date): string => date.toISOString();
export const isoOrUndefined = (date: Date | undefined): string | undefined => (date ? date.toISOString() : undefined);
export const toDate = (value: unknown): Date | undefined => (typeof value === 'string' && value !== '' ? new Date(value) : undefined);

/**
 * A string property holds at most 64 KiB (32K UTF-16 code units). Long JSON (a large team's
 * round, its encounters, a conversation reference) is split across `name`, `name1`, `name2`...
 * with the part count in `nameParts`; an entity holds 1 MiB in all.
 */
const PART = 30_000;

export function putText(entity: Record<string, unknown>, name: string, text: string): void {
  const parts = Math.max(1, Math.ceil(text.length / PART));
  for (let i = 0; i < parts; i++) entity[i === 0 ? name : `${name}${i}`] = text.slice(i * PART, (i + 1) * PART);
  entity[`${name}Parts`] = parts;
}

export function getText(entity: Record<string, unknown>, name: string): string | undefined {
  if (entity[name] === undefined) return undefined;
  const parts = typeof entity[`${name}Parts`] === 'number' ? (entity[`${name}Parts`] as number) : 1;
  let text = '';
  for (let i = 0; i < parts; i++) text += String(entity[i === 0 ? name : `${name}${i}`] ?? '');
  return text;
}

export function putJson(entity: Record<string, unknown>, name: string, value: unknown): void {
  putText(entity, name, JSON.stringify(value));
}

export function getJson<T>(entity: Record<string, unknown>, name: string): T | undefined {
  const text = getText(entity, name);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

/** Removes a (possibly split) text property, for a full replace of the entity. */
export function dropText(entity: Record<string, unknown>, name: string): void {
  const parts = typeof entity[`${name}Parts`] === 'number' ? (entity[`${name}Parts`] as number) : 1;
  for (let i = 0; i < parts; i++) delete entity[i === 0 ? name : `${name}${i}`];
  delete entity[`${name}Parts`];
}
