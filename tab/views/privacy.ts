import { download, forgetMe } from '../lib/api';
import { h, live } from '../lib/dom';
import { button } from '../lib/form';
import { t } from '../lib/i18n';
import { View } from '../lib/view';

/** Download my data and Forget me: everything Hallway stores about the signed-in person. */
export function privacyView(): View<{ forgotten: boolean }> {
  return new View<{ forgotten: boolean }>(
    t('privacy.title'),
    async () => ({ forgotten: false }),
    (data, view) => draw(data, view),
    'privacy',
  );
}

function draw(data: { forgotten: boolean }, view: View<{ forgotten: boolean }>): HTMLElement {
  if (data.forgotten) return h('p', { 'data-testid': 'forgotten' }, t('privacy.forgotten'));
  const confirmBox = h(
    'div',
    { class: 'card confirm', role: 'alertdialog', 'aria-labelledby': 'forget-title', hidden: true },
    h('p', { id: 'forget-title' }, t('privacy.confirm')),
    h(
      'div',
      { class: 'actions' },
      button(
        t('privacy.confirm.yes'),
        () =>
          void view.act(async () => {
            await forgetMe({ confirm: true });
            return { forgotten: true };
          }),
        'primary',
      ),
      button(t('privacy.confirm.no'), () => {
        live(confirmBox).hidden = true;
      }),
    ),
  );
  return h(
    'div',
    {},
    h('p', { class: 'muted' }, t('privacy.intro')),
    h(
      'div',
      { class: 'actions' },
      button(
        t('privacy.download'),
        () =>
          void view.act(async () => {
            await download('/me/data', 'hallway-my-data.json');
            return undefined;
          }, t('privacy.downloaded')),
      ),
      button(
        t('privacy.forget'),
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
