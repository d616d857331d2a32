import { coffeeWords } from '../cards/coffee-cards';
import { renderCard, type AdaptiveCard } from '../cards/render';
import type { Clock } from '../domain/clock';
import { isOrganiser, isPaused } from '../domain/coffee/membership';
import type { Programme } from '../domain/coffee/model';
import type { Programmes, Rounds } from '../domain/coffee/ports';
import { programmeStats } from '../domain/coffee/programme-admin';
import { isValidTimeZone } from '../domain/coffee/schedule';
import type { Person } from '../domain/person';
import { formatDate } from '../i18n/dates';
import type { UiLocale } from '../i18n/locales';
import { listOf } from '../i18n/translate';

/** The time zone a person reads coffee's dates in: their own (coffee settings, then Teams'), else the programme's. */
export function zoneFor(programme: Programme, ...own: (string | undefined)[]): string {
  return own.find((zone): zone is string => Boolean(zone && isValidTimeZone(zone))) ?? programme.settings.timeZone;
}

/** `coffee`: the person's status, their match, and for organisers the team's totals, in their language. */
export async function coffeeStatusCard(
  deps: { programmes: Programmes; rounds: Rounds; clock: Clock },
  input: { programme: Programme; person: Person; locale: UiLocale; timeZone?: string },
): Promise<AdaptiveCard> {
  const { programme, person, locale } = input;
  const t = coffeeWords(locale);
  const member = await deps.programmes.getMember(programme.id, person.userId);
  const now = deps.clock.now();
  const zone = zoneFor(programme, member?.timeZone, input.timeZone);
  const day = (date: Date) => formatDate(locale, date, zone, 'day');
  const you = t('coffee.status.you');
  const facts: { title: string; value: string }[] = [];
  if (member?.status !== 'active') facts.push({ title: you, value: t('coffee.status.notMember') });
  else if (isPaused(member, now)) facts.push({ title: you, value: t('coffee.status.pausedUntil', { date: day(member.pausedUntil!) }) });
  else facts.push({ title: you, value: t('coffee.status.active') });
  if (programme.nextRoundAt && programme.settings.enabled) facts.push({ title: t('coffee.status.nextRound'), value: day(programme.nextRoundAt) });
  const latest = await deps.rounds.latest(programme.id);
  const group = latest && latest.status !== 'closed' ? latest.groups.find((g) => g.members.includes(person.userId)) : undefined;
  if (group) {
    const names = await Promise.all(
      group.members
        .filter((id) => id !== person.userId)
        .map(async (id) => (await deps.programmes.getMember(programme.id, id))?.name ?? t('coffee.match.someone')),
    );
    facts.push({ title: t('coffee.status.thisRound'), value: t('coffee.status.meeting', { names: listOf(locale, names) }) });
  }
  let footer = '';
  if (isOrganiser(programme, person)) {
    const stats = await programmeStats(deps, { programme });
    if (stats.kind === 'too-few') footer = t('coffee.status.tooFew', { minimum: stats.minimum });
    else {
      facts.push({ title: t('coffee.status.members'), value: t('coffee.status.membersValue', { members: stats.members, paused: stats.paused }) });
      if (stats.lastRound) {
        facts.push({
          title: t('coffee.status.round', { seq: stats.lastRound.seq }),
          value: t('coffee.status.met', { met: stats.lastRound.met, groups: stats.lastRound.groups }),
        });
      }
    }
  }
  return renderCard('facts', { title: t('coffee.card.label'), place: programme.name ?? '', facts, footer });
}
