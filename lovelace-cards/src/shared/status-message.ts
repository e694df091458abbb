import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { defineElement } from '../ha/register';
import { localize } from '../i18n';
import { cardStyles, themeStyles } from './styles';

export type StatusKind = 'loading' | 'empty' | 'error';

export const STATUS_MESSAGE_TAG = 'centinela-status-message';

/**
 * Loading, empty and error states. Loading and empty are announced politely; an error
 * is an alert and can offer a retry button, which dispatches `retry`.
 */
export class CentinelaStatusMessage extends LitElement {
  static override styles = [
    themeStyles,
    cardStyles,
    css`
      .status {
        display: flex;
        flex-direction: column;
        align-items: center;
        gap: 8px;
        padding: 24px 12px;
        text-align: center;
        color: var(--cen-text-secondary);
      }
      .status.error {
        color: var(--cen-error);
      }
      .detail {
        font-size: 0.85rem;
        color: var(--cen-text-secondary);
        overflow-wrap: anywhere;
      }
      .spinner {
        width: 24px;
        height: 24px;
        border-radius: 50%;
        border: 3px solid var(--cen-divider);
        border-top-color: var(--cen-primary);
        animation: spin 0.9s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation: none;
        }
      }
    `,
  ];

  @property() kind: StatusKind = 'loading';
  @property() message = '';
  @property() detail = '';
  @property() language = 'en';
  @property({ type: Boolean }) retry = false;

  protected override render() {
    const message = this.message !== '' ? this.message : localize('card.loading', this.language);
    const role = this.kind === 'error' ? 'alert' : 'status';
    return html`
      <div class="status ${this.kind}" role=${role}>
        ${this.kind === 'loading' ? html`<span class="spinner" aria-hidden="true"></span>` : nothing}
        <span class="message">${message}</span>
        ${this.detail !== '' ? html`<span class="detail">${this.detail}</span>` : nothing}
        ${
          this.retry
            ? html`<button class="button" type="button" @click=${this.onRetry}>
                ${localize('card.retry', this.language)}
              </button>`
            : nothing
        }
      </div>
    `;
  }

  private onRetry(): void {
    this.dispatchEvent(new CustomEvent('retry', { bubbles: true, composed: true }));
  }
}

defineElement(STATUS_MESSAGE_TAG, CentinelaStatusMessage);

declare global {
  interface HTMLElementTagNameMap {
    [STATUS_MESSAGE_TAG]: CentinelaStatusMessage;
  }
}
