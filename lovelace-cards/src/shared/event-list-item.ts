import { LitElement, css, html, nothing } from 'lit';
import { property } from 'lit/decorators.js';
import type { CentinelaEvent } from '../api/types';
import { defineElement } from '../ha/register';
import { localize, localizeLabel } from '../i18n';
import { formatDateTime, formatRelative, scorePercent } from './format';
import { cardStyles, themeStyles } from './styles';

export const EVENT_LIST_ITEM_TAG = 'centinela-event-list-item';
export const EVENT_OPEN = 'centinela-event-open';

export interface EventOpenDetail {
  event: CentinelaEvent;
}

/**
 * One event row: thumbnail (lazy loaded by the browser), label, camera, time and badges.
 * Activating the row dispatches `centinela-event-open` with the event.
 */
export class CentinelaEventListItem extends LitElement {
  static override styles = [
    themeStyles,
    cardStyles,
    css`
      .row {
        display: grid;
        grid-template-columns: 96px 1fr auto;
        align-items: center;
        gap: 12px;
        width: 100%;
        padding: 6px;
        border: none;
        border-radius: 8px;
        background: transparent;
        text-align: start;
        cursor: pointer;
      }
      .row:hover {
        background: var(--cen-surface);
      }
      .thumb {
        width: 96px;
        height: 54px;
        border-radius: 6px;
        object-fit: cover;
        background: var(--cen-surface);
        display: block;
      }
      .text {
        min-width: 0;
        display: flex;
        flex-direction: column;
        gap: 2px;
      }
      .title {
        font-weight: 500;
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .meta {
        font-size: 0.85rem;
        color: var(--cen-text-secondary);
        white-space: nowrap;
        overflow: hidden;
        text-overflow: ellipsis;
      }
      .badges {
        display: flex;
        flex-direction: column;
        align-items: flex-end;
        gap: 4px;
      }
      @media (max-width: 420px) {
        .row {
          grid-template-columns: 80px 1fr auto;
          gap: 8px;
        }
        .thumb {
          width: 80px;
          height: 45px;
        }
        .meta {
          white-space: normal;
        }
      }
    `,
  ];

  @property({ attribute: false }) event: CentinelaEvent | undefined;
  @property() thumbnailUrl = '';
  @property() cameraName = '';
  @property() language = 'en';
  @property() timeZone: string | undefined;
  /** Reference time for "3 minutes ago"; the list passes one value to all rows. */
  @property({ type: Number }) now = Date.now();

  protected override render() {
    const event = this.event;
    if (event === undefined) return nothing;
    const label = localizeLabel(event.label, this.language);
    const camera = this.cameraName !== '' ? this.cameraName : event.camera;
    const time = formatDateTime(event.start_time, this.language, this.timeZone);
    const score = scorePercent(event.top_score ?? event.score);
    const subLabel =
      event.sub_label !== null && event.sub_label !== '' ? ` · ${event.sub_label}` : '';
    // The accessible name comes from the visible text (WCAG 2.5.3, label in name).
    return html`
      <button class="row" type="button" aria-haspopup="dialog" @click=${this.onClick}>
        ${
          event.has_snapshot && this.thumbnailUrl !== ''
            ? html`<img
                class="thumb"
                src=${this.thumbnailUrl}
                alt=""
                loading="lazy"
                decoding="async"
                width="96"
                height="54"
              />`
            : html`<span class="thumb" aria-hidden="true"></span>`
        }
        <span class="text">
          <span class="title">${label}${subLabel}</span>
          <span class="meta"
            >${camera} · ${formatRelative(event.start_time, this.language, this.now)}</span
          >
          <span class="meta">${time}</span>
        </span>
        <span class="badges">
          ${
            event.in_progress
              ? html`<span class="badge progress"
                  >${localize('events.in_progress', this.language)}</span
                >`
              : nothing
          }
          ${
            event.severity === 'alert'
              ? html`<span class="badge alert"
                  >${localize('events.severity_alert', this.language)}</span
                >`
              : nothing
          }
          ${
            score !== undefined
              ? html`<span class="badge"
                  >${localize('events.score', this.language, { score })}</span
                >`
              : nothing
          }
          ${!event.has_clip ? html`<span class="badge">${localize('events.no_clip', this.language)}</span>` : nothing}
        </span>
      </button>
    `;
  }

  private onClick(): void {
    if (this.event === undefined) return;
    this.dispatchEvent(
      new CustomEvent<EventOpenDetail>(EVENT_OPEN, {
        detail: { event: this.event },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

defineElement(EVENT_LIST_ITEM_TAG, CentinelaEventListItem);

declare global {
  interface HTMLElementTagNameMap {
    [EVENT_LIST_ITEM_TAG]: CentinelaEventListItem;
  }
}
