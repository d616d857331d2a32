import '../tab.css';
import { pages } from '@microsoft/teams-js';
import { meetingApi, previewCard, type MeetingSettings } from '../lib/api';
import { renderCardPreview } from '../lib/card-preview';
import { h, notice, show } from '../lib/dom';
import { t } from '../lib/i18n';
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
    show(root, notice('error', t('config.openInTeams')));
    return;
  }
  const choices: [Choice, string, string][] = [];
  if (place.kind === 'team' || place.kind === 'chat') {
    choices.push(['coffee', place.kind === 'team' ? t('config.coffee.team') : t('config.coffee.chat'), t('config.coffee.help')]);
  }
  if (place.kind === 'meeting') choices.push(['check-in', t('config.checkIn'), t('config.checkIn.help')]);
  if (choices.length === 0) {
    show(root, notice('info', t('config.wrongPlace')));
    return;
  }
  let chosen: Choice = choices[0]![0];

  const radios = h(
    'fieldset',
    { class: 'choices' },
    h('legend', {}, t('config.shows')),
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
      show(preview, renderCardPreview(card, theme(), t('config.preview.label')));
      show(status);
    } catch (error) {
      show(status, notice('error', messageOf(error)));
    }
  }
  onThemeChange((next) => card && show(preview, renderCardPreview(card, next, t('config.preview.label'))));

  show(
    root,
    h('h1', {}, t('config.title')),
    radios,
    h(
      'section',
      { class: 'view', 'aria-labelledby': 'preview-title' },
      h('h2', { id: 'preview-title' }, t('config.preview.title')),
      h('p', { class: 'muted' }, place.kind === 'meeting' ? t('config.preview.meeting') : t('config.preview.other')),
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
        suggestedDisplayName: chosen === 'coffee' ? t('config.tabName.coffee') : t('config.tabName.checkIn'),
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
