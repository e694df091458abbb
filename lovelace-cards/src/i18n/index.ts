import { en, type TranslationKey } from './en';
import { es } from './es';

export type { TranslationKey } from './en';
export type Language = 'en' | 'es';
export type TranslationValues = Record<string, string | number>;

export const SUPPORTED_LANGUAGES: readonly Language[] = ['en', 'es'];

const dictionaries: Record<Language, Record<TranslationKey, string>> = { en, es };

/** Maps a BCP 47 tag such as `es-ES` to a supported language; anything else is English. */
export function normalizeLanguage(tag: string | undefined | null): Language {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return SUPPORTED_LANGUAGES.find((language) => language === primary) ?? 'en';
}

export interface LanguageSource {
  locale?: { language?: string } | undefined;
  language?: string | undefined;
}

/**
 * Picks the language from Home Assistant (`hass.locale.language`, then `hass.language`),
 * else from the browser, so that the portal follows `navigator.language`.
 */
export function resolveLanguage(hass?: LanguageSource): Language {
  const tag =
    hass?.locale?.language ??
    hass?.language ??
    (typeof navigator === 'undefined' ? undefined : navigator.language);
  return normalizeLanguage(tag);
}

/** Translates a key, filling `{name}` placeholders from `values`. */
export function localize(key: TranslationKey, lang: string, values?: TranslationValues): string {
  const template = dictionaries[normalizeLanguage(lang)][key] ?? en[key] ?? key;
  if (values === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}

export function isTranslationKey(key: string): key is TranslationKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/** Translates a Frigate object label such as `person`; unknown labels are shown as sent. */
export function localizeLabel(label: string, lang: string): string {
  const key = `label.${label}`;
  return isTranslationKey(key) ? localize(key, lang) : label.replace(/_/g, ' ');
}
