import { LitElement, html } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { t, type Language } from '../i18n';
import { portalStyles } from '../styles/theme';

export interface ConfirmOptions {
  title: string;
  message: string;
  confirmLabel: string;
  danger?: boolean;
}

/** Modal yes/no question; `ask` resolves true when the user confirms. */
export class CenConfirmDialog extends LitElement {
  static override styles = [portalStyles];

  @property() language: Language = 'en';
  @state() private options: ConfirmOptions = { title: '', message: '', confirmLabel: '' };
  @query('dialog') private dialog!: HTMLDialogElement;
  private resolve: ((confirmed: boolean) => void) | undefined;

  async ask(options: ConfirmOptions): Promise<boolean> {
    this.resolve?.(false);
    this.options = options;
    await this.updateComplete;
    this.dialog.showModal();
    return new Promise<boolean>((resolve) => {
      this.resolve = resolve;
    });
  }

  private finish(confirmed: boolean): void {
    const resolve = this.resolve;
    this.resolve = undefined;
    if (this.dialog.open) this.dialog.close();
    resolve?.(confirmed);
  }

  protected override render() {
    const options = this.options;
    return html`
      <dialog
        aria-labelledby="confirm-title"
        aria-describedby="confirm-message"
        data-testid="confirm-dialog"
        @close=${() => this.finish(false)}
      >
        <div class="dialog-header"><h2 id="confirm-title">${options.title}</h2></div>
        <div class="dialog-body">
          <p id="confirm-message">${options.message}</p>
          <div class="actions">
            <button class="button" type="button" @click=${() => this.finish(false)}>
              ${t('common.cancel', this.language)}
            </button>
            <button
              class="button ${options.danger === true ? 'danger solid' : 'primary'}"
              type="button"
              data-testid="confirm-ok"
              @click=${() => this.finish(true)}
            >
              ${options.confirmLabel}
            </button>
          </div>
        </div>
      </dialog>
    `;
  }
}

customElements.define('cen-confirm-dialog', CenConfirmDialog);
