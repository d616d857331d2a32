/** A tiny element builder: text is always set as text, so nothing a person typed becomes markup. */
type Attrs = Record<string, string | number | boolean | undefined | ((event: Event) => void)>;
type Child = Node | string | number | false | null | undefined;
type Handler = (event: Event) => void;

/** What `h` set on an element: the attributes it owns and its current handlers, so an update can change exactly those. */
type Built = { attributes: Set<string>; handlers: Map<string, Handler> };
const built = new WeakMap<Element, Built>();
/** Elements of a newer drawing, merged into the page: the element on the page that took their place. */
const merged = new WeakMap<Node, Node>();

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs?: Attrs, ...children: Child[]): HTMLElementTagNameMap[K];
export function h(tag: string, attrs?: Attrs, ...children: Child[]): HTMLElement;
export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const element = document.createElement(tag);
  const own: Built = { attributes: new Set(), handlers: new Map() };
  built.set(element, own);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') listen(element, own, name.replace(/^on/, '').toLowerCase(), value);
    else {
      element.setAttribute(name, value === true ? '' : String(value));
      own.attributes.add(name);
    }
  }
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    element.append(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
  return element;
}

/** One listener per event type calls the element's current handler, so an update can swap handlers. */
function listen(element: Element, own: Built, type: string, handler: Handler): void {
  if (!own.handlers.has(type)) element.addEventListener(type, (event) => own.handlers.get(type)?.(event));
  own.handlers.set(type, handler);
}

/** Sets an attribute of an element made by `h` as if `h` had set it, so updates keep it in step. */
export function attr(element: Element, name: string, value: string): void {
  element.setAttribute(name, value);
  built.get(element)?.attributes.add(name);
}

/** Replaces what `parent` shows. */
export function show(parent: Element, ...children: Child[]): void {
  parent.replaceChildren(
    ...children.filter((c): c is Node | string | number => c !== undefined && c !== null && c !== false).map((c) => (typeof c === 'number' ? String(c) : c)),
  );
}

/**
 * Makes `parent` show `children` by changing the elements already there: an element that is still
 * drawn keeps its place, its focus, its caret and the state a person gave it (an open `details`),
 * and takes the new text, attributes, handlers and form values. Elements match by tag and
 * `data-key`, or, without a key, by tag, class, name, type and test id (a button also by its label).
 */
export function update(parent: Element, ...children: Child[]): void {
  const next = document.createElement('div');
  show(next, ...children);
  const focused = document.activeElement;
  patchChildren(parent, next);
  // A keyed element that moved lost focus on the way; give it back.
  if (focused instanceof HTMLElement && focused !== document.activeElement && parent.contains(focused)) focused.focus({ preventScroll: true });
}

/**
 * The element on the page for one a drawing made: handlers of the latest drawing may hold elements
 * of that drawing, which an update merged into the elements already shown.
 */
export function live<T extends Node>(node: T): T {
  return (merged.get(node) as T | undefined) ?? node;
}

function patchChildren(parent: Element, next: Element): void {
  const skipped: ChildNode[] = [];
  let cursor = parent.firstChild;
  for (const node of [...next.childNodes]) {
    const key = keyOf(node);
    let match: ChildNode | null = cursor;
    while (match && keyOf(match) !== key) match = match.nextSibling;
    if (match) {
      // What stands before the match is set aside (not moved): it may still match a later node.
      while (cursor && cursor !== match) {
        const aside: ChildNode = cursor;
        cursor = cursor.nextSibling;
        aside.remove();
        skipped.push(aside);
      }
      cursor = match.nextSibling;
      patch(match, node);
      continue;
    }
    const earlier = skipped.findIndex((s) => keyOf(s) === key);
    if (earlier >= 0) {
      const [found] = skipped.splice(earlier, 1);
      parent.insertBefore(found!, cursor);
      patch(found!, node);
    } else parent.insertBefore(node, cursor);
  }
  while (cursor) {
    const gone: ChildNode = cursor;
    cursor = cursor.nextSibling;
    gone.remove();
  }
}

/** Turns `current` (on the page) into `next` (just drawn); both have the same key. */
function patch(current: ChildNode, next: ChildNode): void {
  merged.set(next, current);
  if (!(current instanceof Element) || !(next instanceof Element)) {
    if (current.textContent !== next.textContent) current.textContent = next.textContent;
    return;
  }
  const was = built.get(current);
  const now = built.get(next);
  if (!was || !now) {
    // Not made by `h` (e.g. a rendered card): nothing is known about its attributes, so it is replaced.
    current.replaceWith(next);
    merged.delete(next);
    return;
  }
  // Only attributes `h` set are touched: components and the browser (an open `details`) own the rest.
  for (const name of was.attributes) if (!now.attributes.has(name)) current.removeAttribute(name);
  for (const name of now.attributes) {
    const value = next.getAttribute(name)!;
    if (current.getAttribute(name) !== value) current.setAttribute(name, value);
  }
  was.attributes = now.attributes;
  for (const type of was.handlers.keys()) if (!now.handlers.has(type)) was.handlers.delete(type);
  for (const [type, handler] of now.handlers) listen(current, was, type, handler);
  patchChildren(current, next);
  // Form controls show the drawn value: the state the server answered with.
  if (current instanceof HTMLInputElement && next instanceof HTMLInputElement) {
    if (current.value !== next.value) current.value = next.value;
    if (current.checked !== next.checked) current.checked = next.checked;
  } else if (
    (current instanceof HTMLSelectElement && next instanceof HTMLSelectElement) ||
    (current instanceof HTMLTextAreaElement && next instanceof HTMLTextAreaElement)
  ) {
    if (current.value !== next.value) current.value = next.value;
  }
}

/** What makes two nodes the same thing drawn twice. */
function keyOf(node: Node): string {
  if (!(node instanceof Element)) return `#${node.nodeType}`;
  const key = node.getAttribute('data-key');
  if (key !== null) return `${node.tagName}#${key}`;
  const label = node.tagName === 'FLUENT-BUTTON' ? node.textContent : '';
  return [node.tagName, node.getAttribute('class'), node.getAttribute('name'), node.getAttribute('type'), node.getAttribute('data-testid'), label].join('|');
}

/** The value of a Fluent or native form control (the one on the page, when an update merged it). */
export function controlValue(element: Element | null): string {
  const control = element && live(element);
  return control && 'value' in control ? String((control as HTMLInputElement).value ?? '') : '';
}

/** A status line for screen readers and eyes: errors in red, everything else quiet. */
export function notice(kind: 'error' | 'info' | 'success', text: string): HTMLElement {
  return h(
    'fluent-message-bar',
    {
      intent: kind === 'error' ? 'error' : kind === 'success' ? 'success' : 'info',
      role: kind === 'error' ? 'alert' : 'status',
      class: 'notice',
    },
    text,
  );
}
