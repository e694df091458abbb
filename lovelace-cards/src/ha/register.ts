import type { CustomCardEntry } from './types';

/**
 * Defines a custom element unless the tag is taken, because Home Assistant may load the
 * bundle twice (a HACS resource and a manual one) and a second `define` throws.
 */
export function defineElement(tag: string, element: CustomElementConstructor): void {
  if (customElements.get(tag) === undefined) customElements.define(tag, element);
}

/** Adds the card to the card picker list once, however often the bundle is loaded. */
export function registerCustomCard(entry: CustomCardEntry): void {
  window.customCards = window.customCards ?? [];
  if (window.customCards.some((card) => card.type === entry.type)) return;
  window.customCards.push(entry);
}
