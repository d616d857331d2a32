import type { Request, Response } from 'restify';
import type { Problem } from '../domain/problems';
import { type ApiMessageId, apiText } from '../i18n/api';
import { acceptLanguageTags, negotiateLocale } from '../i18n/locales';
import { fail } from './reply';

/** The field names a form's problems may name, each a label of the API catalogue (as the tab shows it). */
export type FieldNames = Readonly<Record<string, ApiMessageId>>;

/**
 * Refuses a form with what is wrong with it, in the caller's language (the tab sends its own as
 * Accept-Language): "<field>: <message>" for each problem, joined. A field the form does not have
 * (a body that is not an object) is told as the form as a whole.
 */
export function failWithProblems<Id extends string>(
  req: Request,
  res: Response,
  problems: readonly Problem<Id>[],
  fields: FieldNames,
  messageOf: (id: Id) => ApiMessageId,
): void {
  const t = apiText.in(negotiateLocale(...acceptLanguageTags(req.header('accept-language'))));
  const told = problems.map((problem) => {
    const field = Object.hasOwn(fields, problem.field) ? fields[problem.field] : undefined;
    if (!field) return t('api.problem.form');
    const message = problem.id === 'invalid' ? t('api.problem.invalid') : t(messageOf(problem.id as Id), problem.values);
    return t('api.problem', { field: t(field), problem: message });
  });
  res.header('vary', 'accept-language');
  fail(res, 400, 'BadRequest', [...new Set(told)].join('; '));
}
