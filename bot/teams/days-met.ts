import type { ConversationReference, TurnContext } from 'botbuilder';
import { renderCard, type AdaptiveCard } from '../cards/render';
import type { DaysMetData } from '../cards/verbs';
import type { Clock } from '../domain/clock';
import type { Programme } from '../domain/coffee/model';
import type { Programmes } from '../domain/coffee/ports';
import { recordMetSomeoneNew } from '../domain/days/follow-up';
import type { DaysPlan } from '../domain/days/model';
import type { DaysTogether } from '../domain/days/ports';
import type { Logger } from '../log';
import { errorSummary, personOf, programmeIsOfTenant, type Place } from './activity';
import { Messenger } from './messenger';

type Deps = { days: DaysTogether; programmes: Programmes; messenger: Messenger; clock: Clock; log: Logger };

/** After the days: the question in each person's 1:1 chat. */
export async function askMet(deps: Deps, programme: Programme, plan: DaysPlan, userId: string): Promise<void> {
  try {
    const serviceUrl = (programme.reference as ConversationReference).serviceUrl ?? '';
    const conversationId = await deps.messenger.openPersonalChat({ tenantId: programme.tenantId, serviceUrl, userId });
    const reference = Messenger.personalReference({ tenantId: programme.tenantId, serviceUrl, conversationId });
    await deps.messenger.postCard(reference, renderCard('days-met', { place: plan.place, planId: plan.id }));
  } catch (error) {
    deps.log.warn({ planId: plan.id, err: errorSummary(error) }, 'days together: the follow-up could not be sent');
  }
}

/** A question of another tenant, or to someone who did not come: all look the same. */
export function metGoneCard(): AdaptiveCard {
  return renderCard('notice', { title: 'This question is no longer open', text: 'Thanks all the same.' });
}

/** days.met: only someone who said they were coming, of the plan's tenant, answers; a later answer replaces it. */
export async function onMet(deps: Deps, context: TurnContext, place: Place, data: DaysMetData): Promise<AdaptiveCard> {
  const plan = await deps.days.get(data.planId);
  const programme = plan ? await deps.programmes.get(plan.programmeId) : undefined;
  if (!plan || !programme || !programmeIsOfTenant(place, programme)) return metGoneCard();
  const result = await recordMetSomeoneNew(deps, { planId: plan.id, person: personOf(context), met: data.answer === 'yes' });
  if (result.kind === 'not-found') return metGoneCard();
  return renderCard('notice', { title: 'Thanks!', text: data.answer === 'yes' ? 'Glad you met someone new.' : 'Maybe next time: thanks for saying.' });
}
