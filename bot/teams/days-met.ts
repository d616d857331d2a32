import type { TurnContext } from 'botbuilder';
import { metGoneCard as goneIn, metQuestionCard, metThanksCard } from '../cards/days-cards';
import type { AdaptiveCard } from '../cards/render';
import type { DaysMetData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import type { Programme } from '../domain/coffee/model';
import type { Programmes } from '../domain/coffee/ports';
import { recordMetSomeoneNew } from '../domain/days/follow-up';
import type { DaysPlan } from '../domain/days/model';
import type { DaysTogether } from '../domain/days/ports';
import type { Logger } from '../log';
import { errorSummary, personLocale, personOf, programmeIsOfTenant, type Place } from './activity';
import { postToPerson, rememberSeen, type PersonalDeps } from './days-notifier';

type Deps = PersonalDeps & { days: DaysTogether; programmes: Programmes; clock: Clock; log: Logger };

/** After the days: the question in each person's 1:1 chat, in their language. */
export async function askMet(deps: Deps, programme: Programme, plan: DaysPlan, userId: string): Promise<void> {
  try {
    await postToPerson(deps, programme, plan, userId, (locale) => metQuestionCard(locale, plan));
  } catch (error) {
    deps.log.warn({ planId: plan.id, err: errorSummary(error) }, 'days together: the follow-up could not be sent');
  }
}

/** A question of another tenant, or to someone who did not come: all look the same, in the presser's language. */
export function metGoneCard(context: TurnContext): AdaptiveCard {
  return goneIn(personLocale(context));
}

/** days.met: only someone who said they were coming, of the plan's tenant, answers; a later answer replaces it. */
export async function onMet(deps: Deps, context: TurnContext, place: Place, data: DaysMetData): Promise<AdaptiveCard> {
  const plan = await deps.days.get(data.planId);
  const programme = plan ? await deps.programmes.get(plan.programmeId) : undefined;
  if (!plan || !programme || !programmeIsOfTenant(place, programme)) return metGoneCard(context);
  const result = await recordMetSomeoneNew(deps, { planId: plan.id, person: personOf(context), met: data.answer === 'yes' });
  if (result.kind === 'not-found') return metGoneCard(context);
  await rememberSeen(deps, programme, context);
  return metThanksCard(personLocale(context), data.answer === 'yes');
}
