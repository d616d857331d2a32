import { ApiError } from './api';
import { h, notice, show, update } from './dom';
import { t } from './i18n';

/**
 * A part of the page that loads its data, draws it, and after each action updates what it shows in
 * place (focus stays where it was, open panels stay open); an action's refusal is shown in the
 * part's own status line, in the server's words, and nothing else changes.
 */
export class View<T> {
  readonly element: HTMLElement;
  private readonly body = h('div', { class: 'view-body' });
  private readonly status = h('div', { class: 'view-status', 'aria-live': 'polite' });
  private data: T | undefined;

  constructor(
    title: string,
    private readonly load: () => Promise<T>,
    private readonly draw: (data: T, view: View<T>) => HTMLElement,
    testId: string,
  ) {
    this.element = h(
      'section',
      { class: 'view', 'aria-labelledby': `${testId}-title`, 'data-testid': testId },
      h('h2', { id: `${testId}-title` }, title),
      this.status,
      this.body,
    );
    show(this.body, h('fluent-spinner', { size: 'small', 'aria-label': t('common.loading') }));
  }

  /** Loads and draws; resolves when drawn (or the failure is shown). */
  async refresh(quiet = false): Promise<void> {
    try {
      this.set(await this.load());
    } catch (error) {
      if (quiet && this.data !== undefined) return;
      show(this.body);
      this.say('error', messageOf(error));
    }
  }

  set(data: T): void {
    this.data = data;
    update(this.body, this.draw(data, this));
  }

  /** Runs an action; its answer (the new state, when given) is drawn, a refusal is shown. */
  async act(action: () => Promise<T | undefined>, success?: string): Promise<boolean> {
    this.say();
    try {
      const next = await action();
      if (next !== undefined) this.set(next);
      if (success) this.say('success', success);
      return true;
    } catch (error) {
      this.say('error', messageOf(error));
      return false;
    }
  }

  say(kind?: 'error' | 'info' | 'success', text?: string): void {
    show(this.status, kind && text ? notice(kind, text) : undefined);
  }
}

export function messageOf(error: unknown): string {
  return error instanceof ApiError ? error.message : t('error.generic');
}
