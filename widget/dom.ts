/**
 * The few DOM helpers the page needs. Text goes in as text nodes only: nothing a visitor,
 * a counsellor or the hub sends is ever parsed as HTML (the page's CSP also requires Trusted
 * Types, so an innerHTML anywhere would throw).
 */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
  for (const child of children) element.append(typeof child === 'string' ? document.createTextNode(child) : child);
  return element;
}

/** Sets the text only when it changed, so a live region does not announce the same words again. */
export function setText(element: HTMLElement, value: string): void {
  if (element.textContent !== value) element.textContent = value;
}

export function show(element: HTMLElement, visible: boolean): void {
  if (element.hidden === visible) element.hidden = !visible;
}
