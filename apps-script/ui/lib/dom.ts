// DOM helpers that only ever create elements and set textContent: data from the server or the
// sheet is never parsed as HTML, so `<script>` or `=cmd` in a customer name stays text.

type Child = Node | string | number | null | undefined | false;

export interface Attrs {
  class?: string;
  id?: string;
  for?: string;
  type?: string;
  name?: string;
  value?: string;
  role?: string;
  title?: string;
  hidden?: boolean;
  disabled?: boolean;
  checked?: boolean;
  required?: boolean;
  [attr: `aria-${string}` | `data-${string}`]: string | undefined;
  [other: string]: string | number | boolean | undefined;
}

/** `h('p', { class: 'muted' }, 'text', child)`: an element with attributes and text/element children. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (attrs) {
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === false) continue;
      // An input's value attribute is its default, so form.reset() goes back to it.
      if (key === 'value' && !(node instanceof HTMLInputElement) && 'value' in node) {
        (node as HTMLSelectElement | HTMLTextAreaElement).value = String(value);
      } else if (key === 'checked' && node instanceof HTMLInputElement) node.defaultChecked = Boolean(value);
      else if (key === 'class') node.className = String(value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
  }
  append(node, ...children);
  return node;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
}

/** Replaces every child of `parent`. */
export function replace(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`The page has no #${id}`);
  return node as T;
}

let nextId = 0;
/** A page-unique id for pairing labels, inputs and their error messages. */
export function uid(prefix: string): string {
  nextId += 1;
  return `${prefix}-${nextId}`;
}

/** Today as an ISO calendar date in the clerk's own time zone (what a date input shows). */
export function todayIso(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
