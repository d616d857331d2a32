import '../tab.css';
import { pages } from '@microsoft/teams-js';
import { meetingApi, previewCard, type MeetingSettings } from '../lib/api';
import { renderCardPreview } from '../lib/card-preview';
import { h, notice, show } from '../lib/dom';
import { connect, onThemeChange, theme, type Place } from '../lib/teams';
import { messageOf } from '../lib/view';
import { settingsForm, settingsOf } from '../views/meeting';

type Choice = 'coffee' | 'check-in';

const DEFAULTS: MeetingSettings = {
  enabled: true,
  questionBank: 'light',
  customQuestions: [],
  summaryAtEnd: true,
  defaultVisibility: 'shared',
};

/** The configuration page: what this tab shows, a live preview of the check-in card, and save. */
async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  void import('../lib/fluent');
  let place: Place;
  try {
    ({ place } = await connect());
  } catch {
    show(root, notice('error', 'Open this page from Microsoft Teams: it is where Hallway tabs are added.'));
    return;
  }
  const choices: [Choice, string, string][] = [];
  if (place.kind === 'team' || place.kind === 'chat') {
    choices.push([
      'coffee',
      `Virtual coffee for this ${place.kind === 'team' ? 'team' : 'chat'}`,
      'Coffee pairing and coffee breaks: people join, pause, see their match and answer breaks here.',
    ]);
  }
  if (place.kind === 'meeting')
    choices.push(['check-in', 'Check-ins of this meeting', 'Live check-ins, Start check-in, and the organiser’s check-in settings.']);
  if (choices.length === 0) {
    show(root, notice('info', 'Add Hallway to a team channel, a group chat or a meeting.'));
    return;
  }
  let chosen: Choice = choices[0]![0];

  const radios = h(
    'fieldset',
    { class: 'choices' },
    h('legend', {}, 'This tab shows'),
    ...choices.map(([value, label, help], i) =>
      h(
        'label',
        { class: 'choice' },
        h('input', {
          type: 'radio',
          name: 'shows',
          value,
          checked: i === 0,
          onchange: () => {
            chosen = value;
            pages.config.setValidityState(true);
          },
        }),
        h('span', {}, h('strong', {}, label), h('small', {}, help)),
      ),
    ),
  );
  const status = h('div', { 'aria-live': 'polite' });
  const preview = h('div', { class: 'preview', 'data-testid': 'card-preview' });
  const form = settingsForm(DEFAULTS, () => void drawPreview());
  let card: object | undefined;

  async function drawPreview(): Promise<void> {
    try {
      card = (await previewCard(settingsOf(form))).card;
      show(preview, renderCardPreview(card, theme()));
      show(status);
    } catch (error) {
      show(status, notice('error', messageOf(error)));
    }
  }
  onThemeChange((next) => card && show(preview, renderCardPreview(card, next)));

  show(
    root,
    h('h1', {}, 'Set up Hallway'),
    radios,
    h(
      'section',
      { class: 'view', 'aria-labelledby': 'preview-title' },
      h('h2', { id: 'preview-title' }, 'The check-in card'),
      h(
        'p',
        { class: 'muted' },
        place.kind === 'meeting'
          ? 'What the meeting chat gets when the meeting starts. As the organiser you can change this later in the tab too.'
          : 'What Hallway posts in your meetings’ chats as they start.',
      ),
      h('div', { class: 'split' }, form, preview),
    ),
    status,
  );
  root.removeAttribute('aria-busy');
  await drawPreview();

  pages.config.registerOnSaveHandler(async (save) => {
    try {
      if (chosen === 'check-in' && place.kind === 'meeting') {
        // Only the organiser may store settings; for others the tab is added with the current ones.
        await meetingApi(place.meetingId, place.chatId)
          .saveSettings(settingsOf(form))
          .catch(() => undefined);
      }
      const origin = window.location.origin;
      await pages.config.setConfig({
        entityId: `hallway-${chosen}`,
        contentUrl: `${origin}/tab/content?view=${chosen}`,
        suggestedDisplayName: chosen === 'coffee' ? 'Coffee' : 'Check-in',
        websiteUrl: origin,
      });
      save.notifySuccess();
    } catch (error) {
      save.notifyFailure(messageOf(error));
    }
  });
  pages.config.setValidityState(true);
  document.body.dataset.ready = 'true';
}

void main();
