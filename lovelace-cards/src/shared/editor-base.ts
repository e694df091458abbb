import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { fireEvent } from '../ha/fire-event';
import type { HomeAssistant } from '../ha/types';
import { localize, resolveLanguage, type Language } from '../i18n';
import { editorStyles, textField, withOption } from './editor-fields';
import { cardStyles, themeStyles } from './styles';

export type RawConfig = Record<string, unknown>;

export interface ConfigChangedDetail {
  config: RawConfig;
}

/**
 * Visual editor shared by the cards. Every edit dispatches `config-changed` with the whole
 * config (bubbling and composed, as Home Assistant's editor dialog listens for it) and
 * shows the card's own validation message under the form.
 */
export abstract class CentinelaEditorBase extends LitElement {
  static override styles = [themeStyles, cardStyles, editorStyles];

  @property({ attribute: false }) hass: HomeAssistant | undefined;
  @property({ attribute: false }) lovelace: unknown;
  @state() protected config: RawConfig = {};
  @state() protected error: string | undefined;

  protected abstract validate(config: RawConfig): unknown;

  setConfig(config: RawConfig): void {
    this.config = { ...config };
    this.check();
  }

  protected get language(): Language {
    return resolveLanguage(this.hass);
  }

  protected setOption(key: string, value: unknown): void {
    this.commit(withOption(this.config, key, value));
  }

  protected commit(next: RawConfig): void {
    this.config = next;
    this.check();
    fireEvent<ConfigChangedDetail>(this, 'config-changed', { config: next });
  }

  protected stringOption(key: string): string | undefined {
    const value = this.config[key];
    return typeof value === 'string' ? value : undefined;
  }

  protected numberOption(key: string): number | undefined {
    const value = this.config[key];
    return typeof value === 'number' ? value : undefined;
  }

  protected renderError(): TemplateResult | typeof nothing {
    if (this.error === undefined) return nothing;
    return html`<p class="error" role="alert">
      ${localize('editor.invalid', this.language, { message: this.error })}
    </p>`;
  }

  /** Title, URL, token and site fields, common to both cards. */
  protected renderConnectionFields(): TemplateResult {
    const lang = this.language;
    return html`
      ${textField(
        { id: 'title', label: localize('editor.title', lang), value: this.stringOption('title') },
        (value) => this.setOption('title', value),
      )}
      ${textField(
        {
          id: 'url',
          label: localize('editor.url', lang),
          help: localize('editor.url_help', lang),
          value: this.stringOption('url'),
          placeholder: 'http://nvr.lan:8080',
        },
        (value) => this.setOption('url', value.trim()),
      )}
      ${textField(
        {
          id: 'token',
          type: 'password',
          label: localize('editor.token', lang),
          help: localize('editor.token_help', lang),
          value: this.stringOption('token'),
        },
        (value) => this.setOption('token', value.trim()),
      )}
      ${textField(
        {
          id: 'site_id',
          label: localize('editor.site_id', lang),
          help: localize('editor.site_id_help', lang),
          value: this.stringOption('site_id'),
        },
        (value) => this.setOption('site_id', value.trim()),
      )}
    `;
  }

  private check(): void {
    try {
      this.validate(this.config);
      this.error = undefined;
    } catch (error) {
      this.error = error instanceof Error ? error.message : String(error);
    }
  }
}
