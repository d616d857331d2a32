import type { ConversationReference } from 'botbuilder';
import { daysPlanCard } from '../cards/days-cards';
import type { AdaptiveCard } from '../cards/render';
import type { Programme } from '../domain/coffee/model';
import type { DaysPlan } from '../domain/days/model';
import type { DaysMessage } from '../domain/days/ports';
import type { Installations } from '../domain/installations';
import { matchLocale, type UiLocale } from '../i18n/locales';
import { errorSummary, placeLocale, referenceLocale } from './activity';
import { Messenger } from './messenger';

export type PersonalDeps = { messenger: Messenger; installations: Pick<Installations, 'get'> };

/**
 * The language of what the whole team sees of a plan (its card, the photo reminder): the one the
 * team chose, else that of whoever installed Hallway in the channel the plan was made for.
 */
export function teamLocale(programme: Programme | undefined, plan: DaysPlan): UiLocale {
  return placeLocale(programme?.settings.language, plan.channelReference);
}

/**
 * Sends one person a card in their 1:1 chat with Hallway, in their language as last seen there
 * (the locale of the chat's stored reference, from when they installed Hallway for themselves),
 * else the team's. Throws what Teams throws.
 */
export async function postToPerson(
  deps: PersonalDeps,
  programme: Programme,
  plan: DaysPlan,
  userId: string,
  card: (locale: UiLocale) => AdaptiveCard,
): Promise<void> {
  const serviceUrl = (programme.reference as ConversationReference).serviceUrl ?? '';
  const conversationId = await deps.messenger.openPersonalChat({ tenantId: programme.tenantId, serviceUrl, userId });
  const chat = await deps.installations.get(conversationId);
  const locale = (chat?.conversationType === 'personal' ? matchLocale(referenceLocale(chat.reference)) : undefined) ?? teamLocale(programme, plan);
  await deps.messenger.postCard(Messenger.personalReference({ tenantId: programme.tenantId, serviceUrl, conversationId }), card(locale));
}

/** Days together's private messages: a person's plan in their 1:1 chat with Hallway, through the messenger. */
export async function tellInPersonalChat(deps: PersonalDeps, programme: Programme, userId: string, message: DaysMessage) {
  try {
    await postToPerson(deps, programme, message.plan, userId, (locale) => daysPlanCard(locale, message));
    return { kind: 'sent' as const };
  } catch (error) {
    return { kind: 'failed' as const, error: errorSummary(error) };
  }
}
