/** A tiny element builder: text is always set as text, so nothing a person typed becomes markup. */
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;
type Child = Node | string | number | false | null | undefined;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') element.addEventListener(name.replace(/^on/, '').toLowerCase(), value);
    else if (value === true) element.setAttribute(name, '');
    else element.setAttribute(name, String(value));
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return element;
}

/** Replaces what `parent` shows. */
export function show(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(...children.filter((c): c is Node | string | number => c !== undefined && c !== null && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)));
}

/** The value of a Fluent or native form control. */
export function valueOf(element: Element | null): string {
  return element && 'value' in element ? String((element as HTMLInputElement).value ?? '') : '';
}

/** A status line for screen readers and eyes: errors in red, everything else quiet. */
export function notice(kind: 'error' | 'info' | 'success', text: string): HTMLElement {
  return h('fluent-message-bar', { intent: kind === 'error' ? 'error' : kind === 'success' ? 'success' : 'info', role: kind === 'error' ? 'alert' : 'status', class: 'notice' }, text);
}
