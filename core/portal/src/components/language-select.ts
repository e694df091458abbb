import { LitElement, css, html } from 'lit';
import { property } from 'lit/decorators.js';
import { LANGUAGES, t, type Language } from '../i18n';
import { portalStyles } from '../styles/theme';

const NAMES: Record<Language, string> = { en: 'English', es: 'Español' };

/** Language switch; fires `language-change` with the chosen language in `detail`. */
export class CenLanguageSelect extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: inline-block;
        color: inherit;
      }
      select {
        min-height: 36px;
        width: auto;
        padding: 4px 8px;
        color: inherit;
        background: transparent;
        border-color: currentColor;
      }
      option {
        color: #1b1f24;
        background: #fff;
      }
    `,
  ];

  @property() language: Language = 'en';

  protected override render() {
    return html`
      <select
        data-testid="language-select"
        aria-label=${t('language.label', this.language)}
        .value=${this.language}
        @change=${this.onChange}
      >
        ${LANGUAGES.map(
          (language) =>
            html`<option value=${language} lang=${language} ?selected=${language === this.language}>
              ${NAMES[language]}
            </option>`,
        )}
      </select>
    `;
  }

  private onChange(event: Event): void {
    const value = (event.target as HTMLSelectElement).value as Language;
    this.dispatchEvent(
      new CustomEvent<Language>('language-change', {
        detail: value,
        bubbles: true,
        composed: true,
      }),
    );
  }
}

customElements.define('cen-language-select', CenLanguageSelect);
