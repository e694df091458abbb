import { css, html, nothing, type TemplateResult } from 'lit';
import type { CentinelaClient } from '../../api/client';
import type { CentinelaEvent, ReviewItem } from '../../api/types';
import { localize, localizeLabel } from '../../i18n';
import { formatDateTime, formatRelative } from '../../shared/format';

/** Events of an expanded review item: loading, loaded, or the load error text. */
export type ReviewEvents =
  | { state: 'loading' }
  | { state: 'loaded'; events: CentinelaEvent[] }
  | { state: 'error'; message: string };

/** Loads the events of a review item by ID, for the expanded row. */
export async function loadReviewEvents(
  client: CentinelaClient,
  review: ReviewItem,
): Promise<ReviewEvents> {
  try {
    const events = await Promise.all(review.event_ids.map((id) => client.getEvent(id)));
    return { state: 'loaded', events };
  } catch (error) {
    return { state: 'error', message: error instanceof Error ? error.message : String(error) };
  }
}

export interface ReviewRowContext {
  language: string;
  now: number;
  timeZone: string | undefined;
  cameraName(cameraId: string, fallback: string): string;
  thumbnailUrl(event: CentinelaEvent): string;
  expanded: ReadonlyMap<string, ReviewEvents>;
  toggle(review: ReviewItem): void;
}

export function renderReviewRow(review: ReviewItem, context: ReviewRowContext): TemplateResult {
  const { language: lang } = context;
  const camera = context.cameraName(review.camera_id, review.camera);
  const objects = review.objects.map((label) => localizeLabel(label, lang)).join(', ');
  const subLabels = review.sub_labels.length > 0 ? ` · ${review.sub_labels.join(', ')}` : '';
  const expanded = context.expanded.get(review.id);
  const panelId = `review-${review.id}`;
  return html`
    <li class="review">
      <button
        class="review-row"
        type="button"
        aria-expanded=${expanded !== undefined ? 'true' : 'false'}
        aria-controls=${panelId}
        @click=${() => context.toggle(review)}
      >
        <span class="badge ${review.severity === 'alert' ? 'alert' : ''}">
          ${localize(review.severity === 'alert' ? 'events.severity_alert' : 'events.severity_detection', lang)}
        </span>
        <span class="text">
          <span class="title">${objects || '—'}${subLabels}</span>
          <span class="meta"
            >${camera} · ${formatRelative(review.start_time, lang, context.now)}</span
          >
          <span class="meta">${formatDateTime(review.start_time, lang, context.timeZone)}</span>
        </span>
        <span class="meta"
          >${localize('reviews.event_count', lang, { count: review.event_ids.length })}</span
        >
      </button>
      ${expanded !== undefined ? html`<div id=${panelId} class="review-events">${renderReviewEvents(expanded, context)}</div>` : nothing}
    </li>
  `;
}

function renderReviewEvents(expanded: ReviewEvents, context: ReviewRowContext) {
  if (expanded.state === 'loading') {
    return html`<centinela-status-message
      kind="loading"
      .language=${context.language}
    ></centinela-status-message>`;
  }
  if (expanded.state === 'error') {
    return html`<centinela-status-message
      kind="error"
      .language=${context.language}
      .message=${localize('card.load_error', context.language)}
      .detail=${expanded.message}
    ></centinela-status-message>`;
  }
  return html`<ul class="list nested">
    ${expanded.events.map(
      (event) =>
        html`<li>
          <centinela-event-list-item
            .event=${event}
            .thumbnailUrl=${context.thumbnailUrl(event)}
            .cameraName=${context.cameraName(event.camera_id, event.camera)}
            .language=${context.language}
            .timeZone=${context.timeZone}
            .now=${context.now}
          ></centinela-event-list-item>
        </li>`,
    )}
  </ul>`;
}

export const reviewStyles = css`
  .review-row {
    display: grid;
    grid-template-columns: auto 1fr auto;
    align-items: center;
    gap: 12px;
    width: 100%;
    padding: 8px 6px;
    border: none;
    border-radius: 8px;
    background: transparent;
    text-align: start;
    cursor: pointer;
  }
  .review-row:hover {
    background: var(--cen-surface);
  }
  .review-row .text {
    display: flex;
    flex-direction: column;
    min-width: 0;
  }
  .review-row .title {
    font-weight: 500;
  }
  .review-row .meta {
    font-size: 0.85rem;
    color: var(--cen-text-secondary);
  }
  .review-events {
    padding-inline-start: 16px;
    border-inline-start: 2px solid var(--cen-divider);
    margin: 0 0 8px 12px;
  }
`;
