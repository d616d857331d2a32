/**
 * Card templates compiled once into plain functions.
 *
 * The templates stay designer-compatible JSON in the Adaptive Cards templating language; at start-up
 * each is turned into a function that gives exactly what `adaptivecards-templating` would expand it
 * to (tests/unit/compiled-templates.test.ts compares both for every template and every sample). The
 * templating engine builds an evaluation memory, options and a state stack for every expression of
 * every expand; a check-in answer expands its card once per answer, so that work showed at the top of
 * the profile of a large meeting's answers.
 *
 * The compiler takes the part of the language Hallway's templates use: `${path}` values and
 * interpolated strings, `$when`, `$data` (objects and arrays), and in expressions paths, string,
 * number and boolean literals, `!`, `&&`, `||`, `==`, `!=`, `<`, `<=`, `>`, `>=`, parentheses,
 * `count()` and `empty()`. Anything else is refused when the template is compiled, naming it, so a
 * template that needs more fails the first test that renders it instead of rendering differently.
 */

export type Scope = { root: unknown; data: unknown; index: number | undefined };
type Evaluate = (scope: Scope) => unknown;
/** Expands one template node; `undefined` only where the engine leaves a property out. */
type Expand = (scope: Scope) => unknown;

export const RESERVED = new Set(['$data', '$when', '$root', '$index', '$host', '$_acTemplateVersion']);

export class TemplateSyntaxError extends Error {}

/** Compiles a template (parsed JSON) into a function of its data (the `$root`). */
export function compileTemplate(name: string, template: unknown): (data: unknown) => unknown {
  const expand = compileNode(name, template);
  return (data) => expand({ root: data, data: undefined, index: undefined });
}

function compileNode(name: string, node: unknown): Expand {
  if (typeof node === 'string') return compileString(name, node);
  if (Array.isArray(node)) return compileArray(name, node);
  if (typeof node === 'object' && node !== null) return compileObject(name, node as Record<string, unknown>);
  return () => node;
}

function compileArray(name: string, node: unknown[]): Expand {
  const items = node.map((item) => compileNode(name, item));
  return (scope) => {
    const result: unknown[] = [];
    for (const item of items) {
      const value = item(scope);
      // As the engine: a dropped object (null) leaves no gap, a repeated one ($data array) is spread.
      if (value === null) continue;
      if (Array.isArray(value)) result.push(...value);
      else result.push(value);
    }
    return result;
  };
}

function compileObject(name: string, node: Record<string, unknown>): Expand {
  const properties = Object.keys(node)
    .filter((key) => !RESERVED.has(key))
    .map((key) => [key, compileNode(name, node[key])] as const);
  const expandOne = (scope: Scope): Record<string, unknown> => {
    const result: Record<string, unknown> = {};
    for (const [key, expand] of properties) {
      const value = expand(scope);
      if (value !== undefined) result[key] = value;
    }
    return result;
  };

  const repeat = compileRepeat(name, node);
  if (!repeat) return expandOne;
  return (scope) => {
    const results = repeat(scope).map(expandOne);
    // As the engine: nothing left is null, one is the object itself, more are a list.
    if (results.length === 0) return null;
    return results.length === 1 ? results[0] : results;
  };
}

/**
 * An object's `$data` and `$when`, if it has either: the scopes it is expanded in, one per item of
 * its `$data` list (or one), those its `$when` keeps.
 */
export function compileRepeat(name: string, node: Record<string, unknown>): ((scope: Scope) => Scope[]) | undefined {
  const when = node.$when;
  const data = node.$data;
  if (when === undefined && data === undefined) return undefined;
  const whenTest = compileWhen(name, when);
  const dataValue = data === undefined ? undefined : compileNode(name, data);
  return (scope) => {
    const context = dataValue ? dataValue(scope) : undefined;
    const contexts = Array.isArray(context) ? context : [context];
    const kept: Scope[] = [];
    for (let i = 0; i < contexts.length; i++) {
      const inner: Scope = {
        root: scope.root,
        data: contexts[i] !== undefined ? contexts[i] : scope.data,
        index: Array.isArray(context) ? i : scope.index,
      };
      if (whenTest(inner)) kept.push(inner);
    }
    return kept;
  };
}

/** `$when`: the object stays only when its expression is the boolean true. */
function compileWhen(name: string, when: unknown): (scope: Scope) => boolean {
  if (when === undefined) return () => true;
  if (typeof when !== 'string') return () => false;
  const parts = interpolation(name, when);
  if (parts.length !== 1 || typeof parts[0] === 'string') return () => false;
  const test = parts[0]!.evaluate;
  return (scope) => test(scope) === true;
}

type Part = string | { source: string; evaluate: Evaluate; path?: string };

export function compileString(name: string, text: string): Expand {
  if (!text.includes('${')) return () => text;
  const parts = interpolation(name, text);
  // One expression alone keeps the type of its value (a list of entries, a boolean, a number).
  if (parts.length === 1 && typeof parts[0] !== 'string') {
    const only = parts[0]!;
    return (scope) => substituted(only, only.evaluate(scope));
  }
  return (scope) => {
    let result = '';
    for (const part of parts) {
      if (typeof part === 'string') result += part;
      else result += String(substituted(part, part.evaluate(scope)));
    }
    return result;
  };
}

/** As the engine: a field that is missing shows as its own expression, so tests can see it. */
function substituted(part: Exclude<Part, string>, value: unknown): unknown {
  if ((value === undefined || value === null) && part.path !== undefined) return `\${${part.path}}`;
  return value;
}

/** Splits "Hello ${name}!" into its constant and expression parts. */
export function interpolation(name: string, text: string): Part[] {
  const parts: Part[] = [];
  let at = 0;
  while (at < text.length) {
    const start = text.indexOf('${', at);
    if (start < 0) {
      parts.push(text.slice(at));
      break;
    }
    if (start > at) parts.push(text.slice(at, start));
    const end = closingBrace(text, start + 2);
    if (end < 0) throw new TemplateSyntaxError(`template "${name}": unclosed expression in "${text}"`);
    const source = text.slice(start + 2, end);
    const parsed = new Parser(name, source).parse();
    parts.push({ source, evaluate: parsed.evaluate, ...(parsed.path !== undefined && { path: parsed.path }) });
    at = end + 1;
  }
  return parts;
}

function closingBrace(text: string, from: number): number {
  let quote: string | undefined;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') {
      quote = c;
    } else if (c === '}') {
      return i;
    }
  }
  return -1;
}

/** Adaptive Expressions' idea of true: a boolean as it is, anything else when it is there. */
function isTrue(value: unknown): boolean {
  return typeof value === 'boolean' ? value : value !== undefined && value !== null;
}

function lookUp(scope: Scope, path: readonly string[]): unknown {
  const [head, ...rest] = path;
  let value: unknown;
  if (head === '$root') value = scope.root;
  else if (head === '$data') value = scope.data !== undefined ? scope.data : scope.root;
  else if (head === '$index') value = scope.index;
  else return walk(scope.data !== undefined ? scope.data : scope.root, path);
  return walk(value, rest);
}

export function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, key)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

const FUNCTIONS: Record<string, (value: unknown) => unknown> = {
  count: (value) => (Array.isArray(value) || typeof value === 'string' ? value.length : undefined),
  empty: (value) =>
    value === undefined ||
    value === null ||
    value === '' ||
    (Array.isArray(value) && value.length === 0) ||
    (typeof value === 'object' && Object.keys(value).length === 0),
};

const COMPARE: Record<string, (a: unknown, b: unknown) => boolean> = {
  '==': (a, b) => a === b,
  '!=': (a, b) => a !== b,
  '<': (a, b) => (a as number) < (b as number),
  '<=': (a, b) => (a as number) <= (b as number),
  '>': (a, b) => (a as number) > (b as number),
  '>=': (a, b) => (a as number) >= (b as number),
};

/** A small recursive-descent parser for the expressions above; each node becomes a closure. */
class Parser {
  private at = 0;

  constructor(
    private readonly template: string,
    private readonly source: string,
  ) {}

  parse(): { evaluate: Evaluate; path?: string } {
    this.space();
    const pathOnly = /^\s*(\$?[A-Za-z_][A-Za-z0-9_]*)(\.[A-Za-z_][A-Za-z0-9_]*)*\s*$/.test(this.source);
    const evaluate = this.or();
    this.space();
    if (this.at < this.source.length) this.fail();
    return pathOnly ? { evaluate, path: this.source.trim() } : { evaluate };
  }

  private or(): Evaluate {
    let left = this.and();
    while (this.take('||')) {
      const a = left;
      const b = this.and();
      left = (scope) => isTrue(a(scope)) || isTrue(b(scope));
    }
    return left;
  }

  private and(): Evaluate {
    let left = this.comparison();
    while (this.take('&&')) {
      const a = left;
      const b = this.comparison();
      left = (scope) => isTrue(a(scope)) && isTrue(b(scope));
    }
    return left;
  }

  private comparison(): Evaluate {
    const left = this.unary();
    for (const operator of ['==', '!=', '<=', '>=', '<', '>']) {
      if (this.take(operator)) {
        const right = this.unary();
        const compare = COMPARE[operator]!;
        return (scope) => compare(left(scope), right(scope));
      }
    }
    return left;
  }

  private unary(): Evaluate {
    if (this.peek('!') && !this.peek('!=')) {
      this.at++;
      const operand = this.unary();
      return (scope) => !isTrue(operand(scope));
    }
    return this.primary();
  }

  private primary(): Evaluate {
    this.space();
    const c = this.source[this.at];
    if (c === '(') {
      this.at++;
      const inner = this.or();
      if (!this.take(')')) this.fail();
      return inner;
    }
    if (c === "'" || c === '"') {
      const end = this.source.indexOf(c, this.at + 1);
      if (end < 0 || this.source.slice(this.at + 1, end).includes('\\')) this.fail();
      const text = this.source.slice(this.at + 1, end);
      this.at = end + 1;
      return () => text;
    }
    const number = /^-?\d+(\.\d+)?/.exec(this.source.slice(this.at));
    if (number) {
      this.at += number[0].length;
      const value = Number(number[0]);
      return () => value;
    }
    const word = /^\$?[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*/.exec(this.source.slice(this.at));
    if (!word) this.fail();
    this.at += word![0].length;
    const name = word![0];
    if (name === 'true' || name === 'false') return () => name === 'true';
    if (name === 'null') return () => null;
    if (this.take('(')) {
      const fn = FUNCTIONS[name];
      if (!fn) this.fail(`the function ${name}()`);
      const argument = this.or();
      if (!this.take(')')) this.fail();
      return (scope) => fn!(argument(scope));
    }
    const path = name.split('.');
    return (scope) => lookUp(scope, path);
  }

  private space(): void {
    while (this.source[this.at] === ' ') this.at++;
  }

  private peek(token: string): boolean {
    this.space();
    return this.source.startsWith(token, this.at);
  }

  private take(token: string): boolean {
    if (!this.peek(token)) return false;
    this.at += token.length;
    return true;
  }

  private fail(what = `"${this.source.slice(this.at)}"`): never {
    throw new TemplateSyntaxError(`template "${this.template}": ${what} in \${${this.source}} is not supported by the card compiler`);
  }
}
