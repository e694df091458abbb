import { en, type TranslationKey } from './en';
import { es } from './es';

export type { TranslationKey } from './en';
export type Language = 'en' | 'es';
export type TranslationValues = Record<string, string | number>;

export const LANGUAGES: readonly Language[] = ['en', 'es'];
/** localStorage key of the language chosen with the switch. */
export const LANGUAGE_STORAGE_KEY = 'centinela.language';

const dictionaries: Record<Language, Record<TranslationKey, string>> = { en, es };

/** Maps a BCP 47 tag such as `es-MX` to a supported language, or undefined. */
export function matchLanguage(tag: string | null | undefined): Language | undefined {
  const primary = (tag ?? '').toLowerCase().split(/[-_]/)[0];
  return LANGUAGES.find((language) => language === primary);
}

/** The stored choice first, then the browser's preferred languages, then English. */
export function initialLanguage(
  stored: string | null,
  browserLanguages: readonly string[],
): Language {
  const chosen = matchLanguage(stored);
  if (chosen !== undefined) return chosen;
  for (const tag of browserLanguages) {
    const match = matchLanguage(tag);
    if (match !== undefined) return match;
  }
  return 'en';
}

/** Translates a key, filling `{name}` placeholders from `values`. */
export function t(key: TranslationKey, lang: Language, values?: TranslationValues): string {
  const template = dictionaries[lang][key] ?? en[key];
  if (values === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) =>
    name in values ? String(values[name]) : match,
  );
}
