import '../tab.css';
import { notice, show } from '../lib/dom';
import { token } from '../lib/api';
import { t } from '../lib/i18n';
import { connect, type TabContext } from '../lib/teams';
import { breaksView } from '../views/breaks';
import { coffeeView } from '../views/coffee';
import { daysView } from '../views/days';
import { meetingView } from '../views/meeting';
import { privacyView } from '../views/privacy';
import { pulseEntry } from '../views/pulse-entry';

/** The content page: coffee and breaks in a team or chat, check-ins in a meeting, and your data. */
async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  // The components load beside the Teams handshake; they upgrade in place once defined.
  void import('../lib/fluent');
  let context: TabContext;
  try {
    context = await connect();
    void token().catch(() => undefined);
  } catch {
    show(root, notice('error', t('page.openInTeams')));
    return;
  }
  const { place } = context;
  const requested = new URLSearchParams(window.location.search).get('view');
  const views =
    place.kind === 'meeting' && requested !== 'coffee'
      ? [meetingView(place.meetingId, place.chatId)]
      : place.kind === 'team' || place.kind === 'chat'
        ? [coffeeView(place.id), breaksView(place.id), daysView(place.id)]
        : place.kind === 'meeting'
          ? [coffeeView(place.chatId), breaksView(place.chatId)]
          : [];
  if (views.length === 0) {
    show(root, notice('info', t('page.wrongPlace')));
    return;
  }
  const privacy = privacyView();
  const pulse = pulseEntry(place, requested);
  show(root, ...views.map((v) => v.element), pulse?.element, privacy.element);
  await Promise.all([...views.map((v) => v.refresh()), privacy.refresh()]);
  root.removeAttribute('aria-busy');
  document.body.dataset.ready = 'true';
  performance.mark('hallway:first-content');
}

void main();
