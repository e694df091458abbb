import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import { portalStyles } from '../styles/theme';
import { icon } from './icons';

export type StateKind = 'loading' | 'empty' | 'error';

/**
 * Placeholder for a list or panel with nothing to show yet: a spinner while loading, a
 * message when empty, the error detail and a retry button after a failure.
 */
export class CenState extends LitElement {
  static override styles = [
    portalStyles,
    css`
      :host {
        display: block;
      }
      .state {
        display: flex;
        flex-direction: column;
        align-items: center;
        text-align: center;
        gap: 8px;
        padding: 32px 16px;
        color: var(--c-muted);
      }
      .state.error {
        color: var(--c-danger);
      }
      .message {
        font-weight: 600;
        color: var(--c-text);
        margin: 0;
      }
      .detail {
        margin: 0;
        max-width: 60ch;
        overflow-wrap: anywhere;
      }
      .spinner {
        width: 28px;
        height: 28px;
        border-radius: 50%;
        border: 3px solid #c9d3df;
        border-top-color: var(--c-primary);
        animation: spin 0.9s linear infinite;
      }
      @keyframes spin {
        to {
          transform: rotate(360deg);
        }
      }
      @media (prefers-reduced-motion: reduce) {
        .spinner {
          animation-duration: 3s;
        }
      }
    `,
  ];

  @property() kind: StateKind = 'loading';
  @property() message = '';
  @property() detail = '';
  /** Text of the retry button; no button when empty. */
  @property() retryLabel = '';

  protected override render() {
    const role = this.kind === 'error' ? 'alert' : 'status';
    return html`
      <div class="state ${this.kind}" role=${role} data-testid="state-${this.kind}">
        ${this.kind === 'loading' ? html`<div class="spinner" aria-hidden="true"></div>` : icon(this.kind === 'error' ? 'error' : 'empty', 32)}
        <p class="message">${this.message}</p>
        ${this.detail !== '' ? html`<p class="detail">${this.detail}</p>` : nothing}
        ${
          this.kind === 'error' && this.retryLabel !== ''
            ? html`<button
                class="button"
                type="button"
                @click=${() => this.dispatchEvent(new CustomEvent('retry'))}
              >
                ${this.retryLabel}
              </button>`
            : nothing
        }
      </div>
    `;
  }
}

customElements.define('cen-state', CenState);
