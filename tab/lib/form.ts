import { attr, h, live } from './dom';
import { languageChoices } from './i18n';

let nextId = 0;
const fieldId = (hint: string) => `f-${hint}-${++nextId}`;

/** A labelled native control in a Fluent-styled field; `hint` names it for tests and autofill. */
export function field(label: string, control: HTMLElement, help?: string): HTMLElement {
  const id = control.id || fieldId(control.getAttribute('name') ?? 'field');
  attr(control, 'id', id);
  const helpId = help ? `${id}-help` : undefined;
  if (helpId) attr(control, 'aria-describedby', helpId);
  return h('div', { class: 'field' }, h('label', { for: id }, label), control, help ? h('small', { id: helpId }, help) : undefined);
}

export function input(name: string, value: string, attrs: Record<string, string | number | boolean | undefined> = {}): HTMLInputElement {
  return h('input', { name, value, type: 'text', ...attrs });
}

export function select<T extends string | number>(name: string, value: T, options: [T, string][]): HTMLSelectElement {
  const element = h('select', { name }, ...options.map(([v, text]) => h('option', { value: String(v), selected: v === value }, text)));
  return element;
}

/**
 * The language of a place's shared cards: each language named in itself (and marked as that
 * language, for screen readers), so a person finds theirs whatever language the tab is in.
 */
export function languageSelect(name: string, value: string | undefined): HTMLSelectElement {
  return h('select', { name }, ...languageChoices().map((c) => h('option', { value: c.value, lang: c.lang, selected: c.value === (value ?? '') }, c.text)));
}

export function checkbox(name: string, label: string, checked: boolean): HTMLElement {
  const id = fieldId(name);
  return h('div', { class: 'check' }, h('input', { type: 'checkbox', id, name, checked }), h('label', { for: id }, label));
}

export function button(
  label: string,
  onClick: () => void,
  appearance: 'primary' | 'secondary' | 'subtle' = 'secondary',
  attrs: Record<string, string> = {},
): HTMLElement {
  return h('fluent-button', { appearance, type: 'button', onclick: () => onClick(), ...attrs }, label);
}

/** The named values of a form's native controls (of the form on the page, when an update merged it). */
export function formValues(form: HTMLElement): Record<string, string | boolean> {
  const values: Record<string, string | boolean> = {};
  for (const control of live(form).querySelectorAll<HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement>('input[name], select[name], textarea[name]')) {
    values[control.name] = control instanceof HTMLInputElement && control.type === 'checkbox' ? control.checked : control.value;
  }
  return values;
}
