import { LitElement, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PortalHttp } from '../api/http';
import { ApiError, describeError } from '../api/problem';
import { t, type Language, type TranslationKey } from '../i18n';
import { portalStyles } from '../styles/theme';

/**
 * Confirms removing a plugin from a site. Removing keeps the plugin's data; a purge deletes
 * it and needs the plugin's name typed, as the API does (`purge=true&confirm=<name>`).
 */
export class CenRemovePluginDialog extends LitElement {
  static override styles = [portalStyles];

  @property({ attribute: false }) http!: PortalHttp;
  @property() language: Language = 'en';
  @state() private name = '';
  @state() private siteId = '';
  @state() private purge = false;
  @state() private typed = '';
  @state() private busy = false;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  private tr(key: TranslationKey, values?: Record<string, string | number>): string {
    return t(key, this.language, values);
  }

  async show(siteId: string, name: string): Promise<void> {
    this.siteId = siteId;
    this.name = name;
    this.purge = false;
    this.typed = '';
    this.error = '';
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  protected override render() {
    const confirmed = !this.purge || this.typed.trim() === this.name;
    return html`
      <dialog aria-labelledby="remove-title" data-testid="remove-plugin-dialog">
        <div class="dialog-header">
          <h2 id="remove-title">${this.tr('plugins.remove_title', { name: this.name })}</h2>
        </div>
        <form class="dialog-body" novalidate @submit=${this.onSubmit}>
          <p>${this.tr('plugins.remove_lead', { name: this.name, site: this.siteId })}</p>
          ${this.error !== '' ? html`<p class="alert error" role="alert">${this.error}</p>` : nothing}
          <label class="check field">
            <input
              type="checkbox"
              data-testid="remove-purge"
              .checked=${this.purge}
              @change=${(event: Event) => (this.purge = (event.target as HTMLInputElement).checked)}
            />
            ${this.tr('plugins.purge')}
          </label>
          ${
            this.purge
              ? html`<p class="alert warning">${this.tr('plugins.purge_warning')}</p>
                  <div class="field">
                    <label for="confirm-name"
                      >${this.tr('plugins.purge_type', { name: this.name })}</label
                    >
                    <input
                      id="confirm-name"
                      type="text"
                      autocomplete="off"
                      data-testid="remove-confirm-name"
                      .value=${this.typed}
                      @input=${(event: Event) => (this.typed = (event.target as HTMLInputElement).value)}
                    />
                  </div>`
              : nothing
          }
          <div class="actions">
            <button class="button" type="button" @click=${() => this.dialog.close()}>
              ${this.tr('common.cancel')}
            </button>
            <button
              class="button danger solid"
              type="submit"
              data-testid="remove-confirm"
              ?disabled=${!confirmed || this.busy}
            >
              ${this.tr(this.purge ? 'plugins.remove_purge' : 'plugins.remove')}
            </button>
          </div>
        </form>
      </dialog>
    `;
  }

  private async onSubmit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    if (this.purge && this.typed.trim() !== this.name) return;
    this.busy = true;
    this.error = '';
    try {
      const query = this.purge ? { purge: true, confirm: this.name } : {};
      await this.http.delete(
        `/api/sites/${encodeURIComponent(this.siteId)}/plugins/${encodeURIComponent(this.name)}`,
        { query },
      );
      this.dialog.close();
      this.dispatchEvent(new CustomEvent('removed', { detail: this.name }));
    } catch (error) {
      this.error =
        error instanceof ApiError && error.status === 0
          ? this.tr('error.network')
          : describeError(error);
    } finally {
      this.busy = false;
    }
  }
}

customElements.define('cen-remove-plugin-dialog', CenRemovePluginDialog);
