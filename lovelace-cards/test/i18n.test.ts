import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from '../src/i18n/en';
import { es } from '../src/i18n/es';
import { localize, localizeLabel, normalizeLanguage, resolveLanguage } from '../src/i18n';

function placeholders(text: string): string[] {
  return [...text.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!).sort();
}

describe('translations', () => {
  it('has every English key in Spanish', () => {
    const missing = Object.keys(en).filter((key) => !(key in es));
    expect(missing).toEqual([]);
  });

  it('has no Spanish key missing from English', () => {
    const extra = Object.keys(es).filter((key) => !(key in en));
    expect(extra).toEqual([]);
  });

  it('uses the same placeholders in both languages', () => {
    for (const [key, text] of Object.entries(en)) {
      expect(placeholders(es[key as keyof typeof en]), key).toEqual(placeholders(text));
    }
  });

  it('has no empty string', () => {
    for (const [key, text] of [...Object.entries(en), ...Object.entries(es)]) {
      expect(text.trim(), key).not.toBe('');
    }
  });
});

describe('localize', () => {
  it('fills placeholders', () => {
    expect(localize('cameras.detections_today', 'en', { count: 4 })).toBe('Detections today: 4');
    expect(localize('cameras.detections_today', 'es-ES', { count: 4 })).toBe('Detecciones hoy: 4');
  });

  it('keeps a placeholder without a value', () => {
    expect(localize('export.done', 'en', {})).toBe('Export ready: {file}');
  });

  it('falls back to English for other languages', () => {
    expect(localize('events.title', 'de')).toBe('Events');
  });

  it('translates known labels and shows others as sent', () => {
    expect(localizeLabel('person', 'es')).toBe('Persona');
    expect(localizeLabel('license_plate', 'en')).toBe('License plate');
    expect(localizeLabel('waste_bin', 'es')).toBe('waste bin');
  });
});

describe('language choice', () => {
  it('prefers hass.locale.language over hass.language', () => {
    expect(resolveLanguage({ locale: { language: 'es' }, language: 'en' })).toBe('es');
  });

  it('uses hass.language without a locale', () => {
    expect(resolveLanguage({ language: 'es-419' })).toBe('es');
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('uses the browser language without hass', () => {
    vi.stubGlobal('navigator', { language: 'es-ES' });
    expect(resolveLanguage(undefined)).toBe('es');
    expect(resolveLanguage({})).toBe('es');
  });

  it('normalizes region and script tags', () => {
    expect(normalizeLanguage('es_MX')).toBe('es');
    expect(normalizeLanguage('EN-gb')).toBe('en');
    expect(normalizeLanguage('pt-BR')).toBe('en');
    expect(normalizeLanguage(undefined)).toBe('en');
  });
});
