import { meetingApi, type MeetingSettings, type MeetingView } from '../lib/api';
import { h } from '../lib/dom';
import { button, checkbox, field, formValues, select } from '../lib/form';
import { View } from '../lib/view';

const LIVE_REFRESH_MS = 3000;

/** A meeting: the live check-ins, Start check-in, and the organiser's check-in settings. Refreshes every few seconds. */
export function meetingView(meetingId: string, chatId: string): View<MeetingView> {
  const meeting = meetingApi(meetingId, chatId);
  const view = new View<MeetingView>('Check-ins of this meeting', meeting.get, (data, v) => draw(data, v, meeting), 'meeting');
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
      view.say('success', result.started ? 'Check-in posted in the meeting chat.' : 'A check-in is already open in the meeting chat.');
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
            `${c.checkedIn} checked in${c.onlyCounted ? ` (${c.onlyCounted} only counted)` : ''}${c.skipped ? `, ${c.skipped} skipped` : ''}${c.open ? '' : ' · closed'}`,
          ),
          c.moods.length ? h('p', { 'aria-label': 'Mood spread' }, c.moods.map((m) => `${m.emoji} ${m.count}`).join('   ')) : undefined,
          h(
            'ul',
            { class: 'entries' },
            ...c.shared.map((e) =>
              h('li', {}, h('span', { 'aria-hidden': 'true' }, e.mood), ' ', h('strong', {}, e.name), e.note ? h('span', {}, ` ${e.note}`) : undefined),
            ),
          ),
        )
      : h('p', { class: 'muted' }, 'No check-in yet. It starts by itself when the meeting starts.'),
    h(
      'div',
      { class: 'actions' },
      button('Start check-in', () => void start(), c?.open ? 'secondary' : 'primary'),
    ),
    data.organiser ? settings(data.settings, view, meeting) : h('p', { class: 'muted' }, 'The organiser chooses the check-in settings.'),
  );
}

export function settingsForm(s: MeetingSettings, onChange?: () => void): HTMLFormElement {
  return h(
    'form',
    { class: 'grid', 'aria-label': 'Check-in settings', onchange: onChange },
    checkbox('enabled', 'Post a check-in when the meeting starts', s.enabled),
    field(
      'Questions',
      select('questionBank', s.questionBank, [
        ['light', 'Light'],
        ['deeper', 'Deeper'],
        ['custom', 'My own'],
      ]),
    ),
    field(
      'Answers are',
      select('defaultVisibility', s.defaultVisibility, [
        ['shared', 'Shared with the meeting'],
        ['private', 'Only counted'],
      ]),
    ),
    checkbox('summaryAtEnd', 'Post a summary when the meeting ends', s.summaryAtEnd),
    field('My own questions (one per line)', h('textarea', { name: 'customQuestions', rows: 3, maxlength: 6000 }, s.customQuestions.join('\n'))),
  );
}

export function settingsOf(form: HTMLElement): MeetingSettings {
  const v = formValues(form);
  return {
    enabled: Boolean(v.enabled),
    questionBank: v.questionBank as MeetingSettings['questionBank'],
    defaultVisibility: v.defaultVisibility as MeetingSettings['defaultVisibility'],
    summaryAtEnd: Boolean(v.summaryAtEnd),
    customQuestions: String(v.customQuestions ?? '')
      .split('\n')
      .map((q) => q.trim())
      .filter(Boolean),
  };
}

function settings(s: MeetingSettings, view: View<MeetingView>, meeting: Meeting): HTMLElement {
  const form = settingsForm(s);
  const save = () =>
    view.act(async () => {
      await meeting.saveSettings(settingsOf(form));
      return meeting.get();
    }, 'Check-in settings saved.');
  return h(
    'details',
    { class: 'card', 'data-key': 'check-in-settings' },
    h('summary', {}, 'Check-in settings (organiser)'),
    form,
    h(
      'div',
      { class: 'actions' },
      button('Save check-in settings', () => void save(), 'primary'),
    ),
  );
}
