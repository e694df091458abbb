/**
 * Dispatches a bubbling, composed event so that it leaves the shadow roots of the card, as
 * Home Assistant's card editor expects for `config-changed`.
 */
export function fireEvent<T>(target: EventTarget, type: string, detail: T): void {
  target.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true, composed: true }));
}
