/**
 * Card templates compiled once into functions that give the card's JSON text directly: exactly
 * `JSON.stringify` of what compile-template.ts expands (tests/unit/compiled-templates.test.ts proves
 * both for every template and sample). The check-in answer's card is sized and sent as text, so its
 * objects are never built, and answers already serialised are written as they are.
 */
import { compileRepeat, compileString, interpolation, RESERVED, walk, type Scope } from './compile-template';

/**
 * The JSON text of objects that are already serialised (a check-in card's cached answers): the text
 * renderer writes it as it is instead of serialising the object again. The object must not change
 * after it is remembered.
 */
const knownJson = new WeakMap<object, string>();

/** Remembers an object's JSON text, for the text renderer; returns the text. */
export function rememberJson(value: object, json = JSON.stringify(value)): string {
  knownJson.set(value, json);
  return json;
}

/** A value from the data as JSON text, as `JSON.stringify` would write it inside a list. */
function jsonOf(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'object' && value !== null) return knownJson.get(value) ?? JSON.stringify(value);
  return JSON.stringify(value) ?? 'null';
}

/**
 * Compiles a template into a function of its data that gives the card's JSON text, exactly
 * `JSON.stringify` of what {@link compileTemplate} expands (the same test proves both), without
 * building the card's objects: the check-in answer's card is sized and sent as text.
 */
export function compileTemplateText(name: string, template: unknown): (data: unknown) => string {
  // The card itself changes with every render; its parts are kept (see memoised).
  const expand = compileNodeText(name, template, false);
  return (data) => {
    const text = expand({ root: data, data: undefined, index: undefined });
    return text === undefined ? 'null' : asValue(text);
  };
}

/**
 * A node's JSON text: `undefined` where the object expansion leaves a property out, `null` where it
 * drops an object (or gives null), a list where it gives a list to spread into the surrounding one.
 */
type ExpandText = (scope: Scope) => string | undefined | null | string[];

function compileNodeText(name: string, node: unknown, memo = true): ExpandText {
  if (typeof node === 'string') return compileStringText(name, node);
  if (Array.isArray(node)) return compileArrayText(name, node);
  if (typeof node === 'object' && node !== null) {
    const expand = compileObjectText(name, node as Record<string, unknown>);
    return memo ? memoised(name, node, expand) : expand;
  }
  const text = JSON.stringify(node);
  return () => text;
}

/** A property's or the whole card's value as JSON text. */
function asValue(text: string | null | string[]): string {
  if (text === null) return 'null';
  if (!Array.isArray(text)) return text;
  // Joined by concatenation, not join(): join would copy every nested level's text again.
  let result = '[';
  for (let i = 0; i < text.length; i++) result += i === 0 ? text[i] : `,${text[i]}`;
  return `${result}]`;
}

function compileArrayText(name: string, node: unknown[]): ExpandText {
  const items = node.map((item) => compileNodeText(name, item));
  // A list, so that a list inside a list is spread as the object expansion spreads it.
  return (scope) => {
    const result: string[] = [];
    for (const item of items) {
      const text = item(scope);
      if (text === null) continue;
      if (Array.isArray(text)) {
        for (const one of text) result.push(one);
      } else result.push(text === undefined ? 'null' : text);
    }
    return result;
  };
}

function compileObjectText(name: string, node: Record<string, unknown>): ExpandText {
  const properties = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key) => [`${JSON.stringify(key)}:`, compileNodeText(name, node[key])] as const);
  const expandOne = (scope: Scope): string => {
    let result = '';
    for (const [key, expand] of properties) {
      const text = expand(scope);
      if (text === undefined) continue;
      result += result === '' ? key + asValue(text) : `,${key}${asValue(text)}`;
    }
    return `{${result}}`;
  };

  const repeat = compileRepeat(name, node);
  if (!repeat) return expandOne;
  return (scope) => {
    const results = repeat(scope).map(expandOne);
    if (results.length === 0) return null;
    return results.length === 1 ? results[0]! : results;
  };
}

function compileStringText(name: string, text: string): ExpandText {
  const expand = compileString(name, text);
  if (!text.includes('${')) {
    const constant = JSON.stringify(text);
    return () => constant;
  }
  const parts = interpolation(name, text);
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    // One expression alone keeps its value: a list is spread where the object expansion spreads it.
    return (scope) => {
      const value = expand(scope);
      if (value === undefined) return undefined;
      if (value === null) return null;
      if (Array.isArray(value)) return value.map(jsonOf);
      return jsonOf(value);
    };
  }
  return (scope) => JSON.stringify(expand(scope));
}

/** A dependency whose value cannot be compared cheaply and safely: the part is written again. */
const UNCOMPARABLE = Symbol('uncomparable');
const NAME = /\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/g;
const WORDS = new Set(['true', 'false', 'null']);

/**
 * The data paths a template part reads (every name in its expressions, quoted literals and function
 * names left out), or undefined when it cannot be kept: it repeats over `$data`, or reads `$index`
 * or `$host`. Expressions are found as the compiler finds them (`interpolation`).
 */
function dependencies(name: string, node: unknown): string[][] | undefined {
  const paths = new Map<string, string[]>();
  let keepable = true;
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const part of value.includes('${') ? interpolation(name, value) : []) {
        if (typeof part === 'string') continue;
        const source = part.source.replace(/'[^']*'|"[^"]*"/g, "''");
        for (const match of source.matchAll(NAME)) {
          const word = match[0];
          if (WORDS.has(word) || /^\s*\(/.test(source.slice(match.index + word.length))) continue;
          const path = word.split('.');
          if (path[0] === '$root' || path[0] === '$data') path.shift();
          if (path.length === 0 || path[0]!.startsWith('$')) keepable = false;
          else paths.set(path.join('.'), path);
        }
      }
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (typeof value === 'object' && value !== null) {
      if ('$data' in value) keepable = false;
      Object.values(value).forEach(visit);
    }
  };
  visit(node);
  return keepable ? [...paths.values()] : undefined;
}

/** A value as it is compared next time: primitives, and lists of primitives or remembered objects (copied). */
function comparable(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) {
    for (const item of value) if (typeof item === 'object' && item !== null && !knownJson.has(item)) return UNCOMPARABLE;
    return value.slice();
  }
  return knownJson.has(value) ? value : UNCOMPARABLE;
}

/** Whether a value is what {@link comparable} kept last time, without copying it. */
function unchanged(last: unknown, now: unknown): boolean {
  if (typeof now !== 'object' || now === null) return last === now;
  if (!Array.isArray(now)) return last === now && knownJson.has(now);
  if (!Array.isArray(last) || last.length !== now.length) return false;
  for (let i = 0; i < now.length; i++) {
    const item = now[i];
    if (last[i] !== item || (typeof item === 'object' && item !== null && !knownJson.has(item))) return false;
  }
  return true;
}

/**
 * Keeps the last text of a part of the card with the values it was written from, and gives it again
 * while those values are the same: the answers of a busy meeting's second differ only in a few
 * lines, so most of each card is written once. Only at the data's root (outside a `$data` repeat).
 */
function memoised(name: string, node: unknown, expand: ExpandText): ExpandText {
  const paths = dependencies(name, node);
  if (!paths) return expand;
  let lastValues: unknown[] | undefined;
  let lastText: ReturnType<ExpandText>;
  return (scope) => {
    if (scope.data !== undefined || scope.index !== undefined) return expand(scope);
    if (lastValues) {
      let i = 0;
      while (i < paths.length && unchanged(lastValues[i], walk(scope.root, paths[i]!))) i++;
      if (i === paths.length) return lastText;
    }
    lastText = expand(scope);
    lastValues = paths.map((path) => comparable(walk(scope.root, path)));
    return lastText;
  };
}
