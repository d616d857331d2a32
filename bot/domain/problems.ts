import type { z } from 'zod';

/**
 * What is wrong with one field of a form, without words: the field, a message id the caller says
 * in the reader's language, and the values it needs (a limit). `invalid` is a field that is not
 * valid in a way the form has no message for (a value of the wrong type, which only programs send).
 */
export type Problem<Id extends string> = { field: string; id: Id | 'invalid'; values?: Record<string, number> };

/**
 * The problems of a parse, one per issue: a schema's own messages are ids of `known` (with their
 * values); any other issue, zod's own, is `invalid` for its field. The same problem is told once.
 */
export function problemsOf<Id extends string>(error: z.ZodError, known: Readonly<Record<Id, Record<string, number>>>): Problem<Id>[] {
  const seen = new Set<string>();
  const problems: Problem<Id>[] = [];
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : '';
    const id = Object.hasOwn(known, issue.message) ? (issue.message as Id) : 'invalid';
    const key = `${field}\u0000${id}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const values = id === 'invalid' ? undefined : known[id];
    problems.push(values && Object.keys(values).length ? { field, id, values } : { field, id });
  }
  return problems;
}
