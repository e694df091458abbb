import type { Language } from './i18n';

/**
 * Stand-in for Home Assistant's `hass` object, given to the shared Lovelace cards only to
 * carry the portal's language: the cards otherwise follow `navigator.language` and would
 * ignore the language switch. It has no entities, so every Home Assistant feature of the
 * cards (entity live views, occupancy sensors) stays off.
 * NOTE: replace with a `language` property once the cards accept one directly.
 */
export function portalHass(lang: Language): Record<string, unknown> {
  return {
    states: {},
    language: lang,
    locale: { language: lang, time_zone: 'local' },
    themes: { darkMode: false },
  };
}

/** Connection options of the cards: the API under the portal's base path, on the chosen site. */
export function cardConnection(
  basePath: string,
  siteId: string | undefined,
): Record<string, string> {
  return siteId === undefined ? { url: basePath } : { url: basePath, site_id: siteId };
}
