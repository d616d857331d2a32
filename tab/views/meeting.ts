import { meetingApi, type MeetingSettings, type MeetingView } from '../lib/api';
import { h } from '../lib/dom';
import { button, checkbox, field, formValues, languageSelect, select } from '../lib/form';
import { languageOf, number, t } from '../lib/i18n';
import { moodLabel } from '../lib/moods';
import { View } from '../lib/view';

const LIVE_REFRESH_MS = 3000;

/** A meeting: the live check-ins, Start check-in, and the organiser's check-in settings. Refreshes every few seconds. */
export function meetingView(meetingId: string, chatId: string): View<MeetingView> {
  const meeting = meetingApi(meetingId, chatId);
  const view = new View<MeetingView>(t('meeting.title'), meeting.get, (data, v) => draw(data, v, meeting), 'meeting');
  const timer = setInterval(() => {
    if (!view.element.isConnected) return clearInterval(timer);
    // Updates keep focus and open panels, but a form being edited is left alone: a refresh would put
    // the saved values back under the person's hands.
    const editing = document.activeElement?.closest('form');
    if (!editing || !view.element.contains(editing)) void view.refresh(true);
  }, LIVE_REFRESH_MS);
  return view;
}

type Meeting = ReturnType<typeof meetingApi>;

function draw(data: MeetingView, view: View<MeetingView>, meeting: Meeting): HTMLElement {
  const c = data.checkIn;
  const start = () =>
    view.act(async () => {
      const result = await meeting.startCheckIn();
      view.say('success', result.started ? t('meeting.started') : t('meeting.alreadyOpen'));
      return meeting.get();
    });
  return h(
    'div',
    {},
    c
      ? h(
          'div',
          { class: 'card', 'data-testid': 'live' },
          h('h3', {}, c.question),
          h(
            'p',
            { class: 'lead' },
            t('meeting.counts', { checkedIn: c.checkedIn, onlyCounted: c.onlyCounted, skipped: c.skipped, open: c.open ? 'yes' : 'no' }),
          ),
          c.moods.length
            ? h(
                'p',
                { class: 'moods', 'aria-label': t('meeting.moodSpread') },
                ...c.moods.map((m) =>
                  h('span', { role: 'img', title: moodLabel(m.id), 'aria-label': `${moodLabel(m.id)}: ${number(m.count)}` }, `${m.emoji} ${number(m.count)}`),
                ),
              )
            : undefined,
          h(
            'ul',
            { class: 'entries' },
            ...c.shared.map((e) =>
              h('li', {}, h('span', { 'aria-hidden': 'true' }, e.mood), ' ', h('strong', {}, e.name), e.note ? h('span', {}, ` ${e.note}`) : undefined),
            ),
          ),
        )
      : h('p', { class: 'muted' }, t('meeting.none')),
    h(
      'div',
      { class: 'actions' },
      button(t('meeting.start'), () => void start(), c?.open ? 'secondary' : 'primary'),
    ),
    data.organiser ? settings(data.settings, view, meeting) : h('p', { class: 'muted' }, t('meeting.organiserChooses')),
  );
}

export function settingsForm(s: MeetingSettings, onChange?: () => void): HTMLFormElement {
  return h(
    'form',
    { class: 'grid', 'aria-label': t('meeting.settings.label'), onchange: onChange },
    checkbox('enabled', t('meeting.settings.enabled'), s.enabled),
    field(
      t('meeting.settings.questions'),
      select('questionBank', s.questionBank, [
        ['light', t('meeting.settings.light')],
        ['deeper', t('meeting.settings.deeper')],
        ['custom', t('meeting.settings.custom')],
      ]),
    ),
    field(
      t('meeting.settings.answers'),
      select('defaultVisibility', s.defaultVisibility, [
        ['shared', t('meeting.settings.shared')],
        ['private', t('meeting.settings.private')],
      ]),
    ),
    field(t('meeting.settings.language'), languageSelect('language', s.language), t('meeting.settings.languageHelp')),
    checkbox('summaryAtEnd', t('meeting.settings.summary'), s.summaryAtEnd),
    field(t('meeting.settings.ownQuestions'), h('textarea', { name: 'customQuestions', rows: 3, maxlength: 6000 }, s.customQuestions.join('\n'))),
  );
}

export function settingsOf(form: HTMLElement): MeetingSettings {
  const v = formValues(form);
  const language = languageOf(v.language);
  return {
    enabled: Boolean(v.enabled),
    questionBank: v.questionBank as MeetingSettings['questionBank'],
    defaultVisibility: v.defaultVisibility as MeetingSettings['defaultVisibility'],
    summaryAtEnd: Boolean(v.summaryAtEnd),
    customQuestions: String(v.customQuestions ?? '')
      .split('\n')
      .map((q) => q.trim())
      .filter(Boolean),
    ...(language ? { language } : {}),
  };
}

function settings(s: MeetingSettings, view: View<MeetingView>, meeting: Meeting): HTMLElement {
  const form = settingsForm(s);
  const save = () =>
    view.act(async () => {
      await meeting.saveSettings(settingsOf(form));
      return meeting.get();
    }, t('meeting.settings.saved'));
  return h(
    'details',
    { class: 'card', 'data-key': 'check-in-settings' },
    h('summary', {}, t('meeting.settings.title')),
    form,
    h(
      'div',
      { class: 'actions' },
      button(t('meeting.settings.save'), () => void save(), 'primary'),
    ),
  );
}
