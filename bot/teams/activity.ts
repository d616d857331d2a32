import type { TurnContext } from 'botbuilder';
import type { Person } from '../domain/person';
import { type Locale, matchLocale, negotiateLocale, type UiLocale } from '../i18n/locales';
import { userText, type UserText } from '../domain/user-text';

/** What Hallway reads off an incoming activity, in one place. */

/** Who sent the activity: their Teams user id, directory object id and display name. */
export function personOf(context: TurnContext): Person {
  const from = context.activity.from;
  return { userId: from.id, aadObjectId: from.aadObjectId, name: userText(from.name?.trim() || 'Someone') };
}

/**
 * The language of the person who sent the activity: Teams' `locale` (their Teams language), else
 * the clientInfo entity's; English when Hallway does not speak it.
 */
export function personLocale(context: TurnContext): UiLocale {
  const clientInfo = context.activity.entities?.find((e) => e.type === 'clientInfo') as { locale?: unknown } | undefined;
  return negotiateLocale(context.activity.locale, typeof clientInfo?.locale === 'string' ? clientInfo.locale : undefined);
}

/** The language a stored conversation reference was written in (the last activity's `locale`), if Hallway speaks it. */
export function referenceLocale(reference: unknown): string | undefined {
  const locale = (reference as { locale?: unknown } | null | undefined)?.locale;
  return typeof locale === 'string' ? locale : undefined;
}

/**
 * The language of what a whole meeting or team sees: the one its organiser chose, else the language
 * of whoever installed Hallway there (their `locale` in the installation's conversation reference).
 */
export function placeLocale(chosen: Locale | undefined, installationReference: unknown): UiLocale {
  return chosen ?? matchLocale(referenceLocale(installationReference)) ?? 'en';
}

export function tenantOf(context: TurnContext): string {
  return (context.activity.channelData as { tenant?: { id?: string } } | undefined)?.tenant?.id ?? context.activity.conversation.tenantId ?? '';
}

/** The team an activity in a channel belongs to. */
export function teamOf(context: TurnContext): { id?: string; name?: UserText } | undefined {
  return (context.activity.channelData as { team?: { id?: string; name?: UserText } } | undefined)?.team;
}

/** The team (for a channel) or group chat an activity came from; none in 1:1 chats. */
export function teamOrChatOf(context: TurnContext): string | undefined {
  const conversation = context.activity.conversation;
  if (conversation.conversationType === 'personal') return undefined;
  const team = teamOf(context);
  return conversation.conversationType === 'channel' && team?.id ? team.id : conversation.id;
}

/**
 * Where a card was pressed: its tenant, its conversation, and the team (for a channel) or group
 * chat (none in a 1:1 chat). Read once per card action; every object the card's data names is
 * checked against it with the helper for its kind below, and a mismatch is treated as "not found".
 */
export type Place = { tenantId: string; conversationId: string; teamOrChatId?: string };

export function placeOf(context: TurnContext): Place {
  return { tenantId: tenantOf(context), conversationId: context.activity.conversation.id, teamOrChatId: teamOrChatOf(context) };
}

/** A check-in acts only in the chat its card was posted in, of the same tenant. */
export function sessionIsHere(place: Place, session: { address: { tenantId: string; conversationId: string } }): boolean {
  return Boolean(place.tenantId) && session.address.tenantId === place.tenantId && session.address.conversationId === place.conversationId;
}

/** A team's or chat's own objects (its breaks and their topics) only from that team or chat, of the same tenant. */
export function programmeIsHere(place: Place, programme: { id: string; tenantId: string }): boolean {
  return Boolean(place.tenantId && place.teamOrChatId) && programme.id === place.teamOrChatId && programme.tenantId === place.tenantId;
}

/**
 * Coffee cards arrive in the 1:1 chat, away from their team: a programme of the presser's tenant
 * only (the use cases then check that the presser is a member, or in the round's groups).
 */
export function programmeIsOfTenant(place: Place, programme: { tenantId: string }): boolean {
  return Boolean(place.tenantId) && programme.tenantId === place.tenantId;
}

export function meetingIdOf(context: TurnContext): string | undefined {
  const id = (context.activity.channelData as { meeting?: { id?: unknown } } | undefined)?.meeting?.id;
  return typeof id === 'string' && id.length > 0 ? id : undefined;
}

/** What a failed call to Teams may be logged with: status and names, never content. */
export function errorSummary(error: unknown): { status?: number; name?: string; code?: string } {
  const e = error as { statusCode?: number; name?: string; code?: string };
  return { status: e?.statusCode, name: e?.name, code: e?.code };
}
