import type { Request, Response } from 'restify';
import type { Problem } from '../domain/problems';
import { type ApiMessageId, apiText } from '../i18n/api';
import { acceptLanguageTags, negotiateLocale, type UiLocale } from '../i18n/locales';
import type { Messages } from '../i18n/translate';
import { fail } from './reply';

/** How a form's problems are worded: a catalogue, its name for each field, its message for each problem. */
export type ProblemWords<Id extends string, K extends string> = {
  text: Messages<K>;
  /** The fields the form has, each by its label (as the tab shows it). */
  fields: Readonly<Record<string, K>>;
  message: (id: Id) => K;
  /** "{field}: {problem}". */
  problem: K;
  /** A field's value not valid in a way the form has no message for. */
  invalid: K;
  /** A body that is no form at all, or a field the form does not have. */
  form: K;
};

/** A form of the API catalogue: field labels and problem messages are `api.field.*` and `api.problem.<id>`. */
export function apiProblemWords<Id extends string>(fields: Readonly<Record<string, ApiMessageId>>, message: (id: Id) => ApiMessageId) {
  return { text: apiText, fields, message, problem: 'api.problem', invalid: 'api.problem.invalid', form: 'api.problem.form' } as const satisfies ProblemWords<
    Id,
    ApiMessageId
  >;
}

/** A form's problems in `locale`: "<field>: <message>" for each, the same one told once, joined. */
export function problemsSaid<Id extends string, K extends string>(locale: UiLocale, problems: readonly Problem<Id>[], words: ProblemWords<Id, K>): string {
  const t = words.text.in(locale);
  const told = problems.map((problem) => {
    const field = Object.hasOwn(words.fields, problem.field) ? words.fields[problem.field] : undefined;
    if (!field) return t(words.form);
    const message = problem.id === 'invalid' ? t(words.invalid) : t(words.message(problem.id as Id), problem.values);
    return t(words.problem, { field: t(field), problem: message });
  });
  return [...new Set(told)].join('; ');
}

/** Refuses a form with what is wrong with it, in the caller's language (the tab sends its own as Accept-Language). */
export function failWithProblems<Id extends string, K extends string>(
  req: Request,
  res: Response,
  problems: readonly Problem<Id>[],
  words: ProblemWords<Id, K>,
): void {
  res.header('vary', 'accept-language');
  fail(res, 400, 'BadRequest', problemsSaid(negotiateLocale(...acceptLanguageTags(req.header('accept-language'))), problems, words));
}
