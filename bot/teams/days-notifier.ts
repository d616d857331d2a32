import type { ConversationReference, TurnContext } from 'botbuilder';
import { daysPlanCard } from '../cards/days-cards';
import type { AdaptiveCard } from '../cards/render';
import { rememberLocale } from '../domain/coffee/membership';
import type { Programme } from '../domain/coffee/model';
import type { Programmes } from '../domain/coffee/ports';
import type { Clock } from '../domain/clock';
import type { DaysPlan } from '../domain/days/model';
import type { DaysMessage } from '../domain/days/ports';
import type { Installations } from '../domain/installations';
import { isLocale, type Locale, matchLocale, type UiLocale } from '../i18n/locales';
import { errorSummary, placeLocale, referenceLocale } from './activity';
import { Messenger } from './messenger';

export type PersonalDeps = { messenger: Messenger; installations: Pick<Installations, 'get'>; programmes: Pick<Programmes, 'getMember'> };

/**
 * The language of what the whole team sees of a plan (its card, the photo reminder): the one the
 * team chose, else that of whoever installed Hallway in the channel the plan was made for.
 */
export function teamLocale(programme: Programme | undefined, plan: DaysPlan): UiLocale {
  return placeLocale(programme?.settings.language, plan.channelReference);
}

/**
 * Sends one person a card in their 1:1 chat with Hallway, in their language as last seen: kept on
 * their membership of the team's coffee (from their latest press or command there, days together's
 * included), else that of their chat's stored reference (from when they installed Hallway for
 * themselves), else the team's. Throws what Teams throws.
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
  const [member, chat] = await Promise.all([deps.programmes.getMember(programme.id, userId), deps.installations.get(conversationId)]);
  const installedIn = chat?.conversationType === 'personal' ? matchLocale(referenceLocale(chat.reference)) : undefined;
  const locale = member?.locale ?? installedIn ?? teamLocale(programme, plan);
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

/** A Teams language Hallway speaks, as the activity names it; none when it names none (the pseudo-locale is no one's). */
function seenLocale(context: TurnContext): Locale | undefined {
  const clientInfo = context.activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: unknown } | undefined;
  return [context.activity.locale, typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined].map(matchLocale).find(isLocale);
}

/** A press on a days-together card shows the presser's language: kept as their language as last seen, if they are a member of the team's coffee. */
export function rememberSeen(deps: { programmes: Programmes; clock: Clock }, programme: Programme, context: TurnContext): Promise<void> {
  return rememberLocale(deps, { programmeId: programme.id, userId: context.activity.from.id, locale: seenLocale(context) });
}
