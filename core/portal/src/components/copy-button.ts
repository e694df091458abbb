import { LitElement, html } from 'lit';
import { property, state } from 'lit/decorators.js';
import { t, type Language } from '../i18n';
import { portalStyles } from '../styles/theme';
import { icon } from './icons';

/** Copies `text` to the clipboard and says so for a moment. */
export class CenCopyButton extends LitElement {
  static override styles = [portalStyles];

  @property() text = '';
  @property() language: Language = 'en';
  /** Accessible name; the visible label is "Copy". */
  @property() label = '';
  @state() private copied = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  protected override render() {
    return html`<button
      class="button small"
      type="button"
      data-testid="copy-button"
      aria-label=${this.label || t('common.copy', this.language)}
      @click=${this.copy}
    >
      ${icon('copy', 16)}<span aria-live="polite"
        >${this.copied ? t('common.copied', this.language) : t('common.copy', this.language)}</span
      >
    </button>`;
  }

  private async copy(): Promise<void> {
    try {
      await navigator.clipboard.writeText(this.text);
    } catch {
      // Clipboard access needs a secure context (https or localhost); select the text as a fallback.
      this.dispatchEvent(new CustomEvent('copy-failed', { bubbles: true, composed: true }));
      return;
    }
    this.copied = true;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => (this.copied = false), 2000);
  }

  override disconnectedCallback(): void {
    clearTimeout(this.timer);
    super.disconnectedCallback();
  }
}

customElements.define('cen-copy-button', CenCopyButton);
