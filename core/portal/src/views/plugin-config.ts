import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PortalHttp } from '../api/http';
import { ApiError, describeError } from '../api/problem';
import type { PluginInfo, SitePlugin } from '../api/types';
import { t, type Language, type TranslationKey } from '../i18n';
import '../schema-form/schema-form';
import type { CenSchemaForm } from '../schema-form/schema-form';
import {
  isRecord,
  maskedSecretPaths,
  properties,
  normalizeProblemPath,
  withDefaults,
  writePath,
  readPath,
  type ConfigObject,
} from '../schema-form/schema';
import { validateConfig } from '../schema-form/validate';
import { portalStyles } from '../styles/theme';

/**
 * Install or reconfigure form of one plugin on one site, generated from its config schema.
 * Sends `PUT /api/sites/{site}/plugins/{name}` and shows the API's field errors at the fields.
 */
export class CenPluginConfig extends LitElement {
  static override styles = [portalStyles];

  @property({ attribute: false }) http!: PortalHttp;
  @property({ attribute: false }) plugin!: PluginInfo;
  @property({ attribute: false }) installed: SitePlugin | undefined;
  @property() siteId = '';
  @property() language: Language = 'en';
  @state() private value: ConfigObject = {};
  @state() private errors = new Map<string, string>();
  @state() private storedSecrets = new Set<string>();
  @state() private busy = false;
  @state() private failure = '';
  @query('cen-schema-form') private form!: CenSchemaForm;

  private tr(key: TranslationKey, values?: Record<string, string | number>): string {
    return t(key, this.language, values);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    const schema = this.plugin.config_schema;
    const current = this.installed?.config ?? undefined;
    const secretKeys = this.plugin.secret_config_keys ?? [];
    this.storedSecrets = new Set(maskedSecretPaths(schema, current, secretKeys));
    let value = withDefaults(schema, current ?? {});
    // A masked secret is not a value to edit or send back; the field starts empty.
    for (const path of this.storedSecrets)
      value = writePath(isRecord(value) ? value : {}, path, undefined);
    this.value = isRecord(value) ? value : {};
  }

  protected override render() {
    const installing = this.installed?.installed !== true;
    return html`
      <form
        novalidate
        data-testid="plugin-config-form"
        aria-label=${this.tr('plugins.config_for', { name: this.plugin.name })}
        @submit=${this.onSubmit}
      >
        ${this.failure !== '' ? html`<p class="alert error" role="alert" data-testid="plugin-config-error">${this.failure}</p>` : nothing}
        ${properties(this.plugin.config_schema).length === 0 ? html`<p class="muted">${this.tr('plugins.no_settings')}</p>` : nothing}
        <cen-schema-form
          .schema=${this.plugin.config_schema}
          .value=${this.value}
          .errors=${this.errors}
          .secretKeys=${this.plugin.secret_config_keys ?? []}
          .storedSecrets=${this.storedSecrets}
          .language=${this.language}
          @value-change=${(event: CustomEvent<ConfigObject>) => (this.value = event.detail)}
        ></cen-schema-form>
        <div class="actions">
          <button
            class="button primary"
            type="submit"
            data-testid="plugin-save"
            ?disabled=${this.busy}
          >
            ${this.busy ? this.tr('common.saving') : this.tr(installing ? 'plugins.install' : 'common.save')}
          </button>
          <button
            class="button"
            type="button"
            @click=${() => this.dispatchEvent(new CustomEvent('cancel'))}
          >
            ${this.tr('common.cancel')}
          </button>
        </div>
      </form>
    `;
  }

  /** Builds the config to send, leaving out stored secrets left empty so that the server keeps them. */
  private configToSend(): ConfigObject {
    let config = this.value;
    for (const path of this.storedSecrets) {
      const typed = readPath(config, path);
      if (typed === undefined || typed === '') config = writePath(config, path, undefined);
    }
    return config;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const problems = validateConfig(this.plugin.config_schema, this.value, this.storedSecrets);
    if (problems.size > 0) {
      const errors = new Map<string, string>();
      for (const [path, problem] of problems)
        errors.set(path, this.tr(`form.${problem.key}`, problem.values));
      this.errors = errors;
      this.failure = this.tr('form.fix_fields');
      await this.updateComplete;
      this.form.focusFirstError();
      return;
    }
    this.busy = true;
    this.failure = '';
    this.errors = new Map();
    try {
      // A secret left out or sent back as the mask keeps its stored value on the server.
      const path = `/api/sites/${encodeURIComponent(this.siteId)}/plugins/${encodeURIComponent(this.plugin.name)}`;
      await this.http.put(path, { config: this.configToSend() });
      this.dispatchEvent(new CustomEvent('saved'));
    } catch (error) {
      await this.showError(error);
    } finally {
      this.busy = false;
    }
  }

  private async showError(error: unknown): Promise<void> {
    this.failure =
      error instanceof ApiError && error.status === 0
        ? this.tr('error.network')
        : describeError(error);
    if (!(error instanceof ApiError) || error.fieldProblems.length === 0) return;
    const errors = new Map<string, string>();
    for (const problem of error.fieldProblems) {
      const path = normalizeProblemPath(problem.field);
      if (!errors.has(path)) errors.set(path, sentenceCase(problem.reason));
    }
    this.errors = errors;
    await this.updateComplete;
    this.form.focusFirstError();
  }
}

customElements.define('cen-plugin-config', CenPluginConfig);

/** Ajv reasons start in lower case ("must be >= 1"); shown alone under a field they read as a sentence. */
function sentenceCase(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
