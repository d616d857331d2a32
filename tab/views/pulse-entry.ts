import { h, notice, show } from '../lib/dom';
import { button } from '../lib/form';
import { t } from '../lib/i18n';
import type { TabContext } from '../lib/teams';
import type { PulsePlace } from './pulse';

/**
 * The pulse's entry in the content page: a heading and a button. The charts' code is a chunk of its
 * own, loaded when someone opens them, so the tab's first content does not wait for it.
 */
export function pulseEntry(place: TabContext['place'], requested: string | null): { element: HTMLElement } | undefined {
  const target: PulsePlace | undefined =
    place.kind === 'meeting' && requested !== 'coffee'
      ? { kind: 'meeting', meetingId: place.meetingId, chatId: place.chatId }
      : place.kind === 'team' || place.kind === 'chat'
        ? { kind: 'team', teamId: place.id }
        : place.kind === 'meeting'
          ? { kind: 'team', teamId: place.chatId }
          : undefined;
  if (!target) return undefined;
  const body = h('div', {});
  const open = async () => {
    show(body, h('fluent-spinner', { size: 'small', 'aria-label': t('pulse.loading') }));
    try {
      const { pulseViews } = await import('./pulse');
      const views = pulseViews(target);
      show(body, ...views.map((v) => v.element));
      await Promise.all(views.map((v) => v.refresh()));
      views[0]?.element.querySelector('h2')?.setAttribute('tabindex', '-1');
      (views[0]?.element.querySelector('h2') as HTMLElement | null)?.focus();
    } catch {
      show(body, notice('error', t('pulse.loadFailed')));
    }
  };
  show(
    body,
    h('p', { class: 'muted' }, t('pulse.intro')),
    h(
      'div',
      { class: 'actions' },
      button(t('pulse.open'), () => void open(), 'secondary', { 'data-testid': 'pulse-open' }),
    ),
  );
  return {
    element: h('section', { class: 'view', 'aria-labelledby': 'pulse-title', 'data-testid': 'pulse' }, h('h2', { id: 'pulse-title' }, t('pulse.title')), body),
  };
}
