import { download, forgetMe } from '../lib/api';
import { h, live } from '../lib/dom';
import { button } from '../lib/form';
import { View } from '../lib/view';

/** Download my data and Forget me: everything Hallway stores about the signed-in person. */
export function privacyView(): View<{ forgotten: boolean }> {
  return new View<{ forgotten: boolean }>(
    'Your data',
    async () => ({ forgotten: false }),
    (data, view) => draw(data, view),
    'privacy',
  );
}

function draw(data: { forgotten: boolean }, view: View<{ forgotten: boolean }>): HTMLElement {
  if (data.forgotten) return h('p', { 'data-testid': 'forgotten' }, 'Hallway has deleted everything it stored about you. Join again any time.');
  const confirmBox = h(
    'div',
    { class: 'card confirm', role: 'alertdialog', 'aria-labelledby': 'forget-title', hidden: true },
    h(
      'p',
      { id: 'forget-title' },
      'Delete everything Hallway stores about you? Your check-in answers, coffee sign-ups, break answers and topics go, in every team. This cannot be undone.',
    ),
    h(
      'div',
      { class: 'actions' },
      button(
        'Yes, forget me',
        () =>
          void view.act(async () => {
            await forgetMe({ confirm: true });
            return { forgotten: true };
          }),
        'primary',
      ),
      button('Keep my data', () => {
        live(confirmBox).hidden = true;
      }),
    ),
  );
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, 'Hallway keeps little: see what it stores, or delete it all.'),
    h(
      'div',
      { class: 'actions' },
      button(
        'Download my data',
        () =>
          void view.act(async () => {
            await download('/me/data', 'hallway-my-data.json');
            return undefined;
          }, 'Your data is downloaded.'),
      ),
      button(
        'Forget me',
        () => {
          const box = live(confirmBox);
          box.hidden = false;
          (box.querySelector('fluent-button') as HTMLElement | null)?.focus();
        },
        'subtle',
      ),
    ),
    confirmBox,
  );
}
