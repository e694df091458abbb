import { LitElement, css, html } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { t, type Language } from '../i18n';
import { portalStyles } from '../styles/theme';
import './copy-button';

/** Shows a secret once (a one-time password) with a copy button. */
export class CenSecretDialog extends LitElement {
  static override styles = [
    portalStyles,
    css`
      .secret {
        display: flex;
        align-items: center;
        gap: 8px;
        flex-wrap: wrap;
        background: var(--c-surface-alt);
        border: 1px dashed #8a949f;
        border-radius: 8px;
        padding: 12px;
        margin: 12px 0;
      }
      .secret code {
        font-family: var(--mono);
        font-size: 1.15rem;
        flex: 1 1 auto;
        overflow-wrap: anywhere;
        user-select: all;
      }
    `,
  ];

  @property() language: Language = 'en';
  @state() private heading = '';
  @state() private lead = '';
  @state() private secret = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  async show(title: string, lead: string, secret: string): Promise<void> {
    this.heading = title;
    this.lead = lead;
    this.secret = secret;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
  }

  private close(): void {
    this.dialog.close();
    // The secret is shown once; drop it from memory when the dialog closes.
    this.secret = '';
  }

  protected override render() {
    return html`
      <dialog
        aria-labelledby="secret-title"
        data-testid="secret-dialog"
        @close=${() => (this.secret = '')}
      >
        <div class="dialog-header">
          <h2 id="secret-title">${this.heading}</h2>
        </div>
        <div class="dialog-body">
          <p>${this.lead}</p>
          <div class="secret">
            <code data-testid="one-time-password">${this.secret}</code>
            <cen-copy-button .text=${this.secret} .language=${this.language}></cen-copy-button>
          </div>
          <p class="alert warning">${t('users.secret_once', this.language)}</p>
          <div class="actions">
            <button
              class="button primary"
              type="button"
              data-testid="secret-done"
              @click=${this.close}
            >
              ${t('common.done', this.language)}
            </button>
          </div>
        </div>
      </dialog>
    `;
  }
}

customElements.define('cen-secret-dialog', CenSecretDialog);
