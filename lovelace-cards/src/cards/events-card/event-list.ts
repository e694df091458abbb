import { css, html, nothing, type TemplateResult } from 'lit';
import type { CursorFeed } from '../../api/cursor-feed';
import type { CentinelaEvent, ReviewItem } from '../../api/types';
import { localize } from '../../i18n';
import type { ListMode } from './const';
import { renderReviewRow, type ReviewRowContext } from './review-list';

export interface EventListContext extends ReviewRowContext {
  mode: ListMode;
  feed: CursorFeed<CentinelaEvent> | CursorFeed<ReviewItem>;
  maxHeight: number;
  loadMore(): void;
  retry(): void;
}

/** Renders the scrolling list with its end-of-list sentinel, footer and load states. */
export function renderEventList(context: EventListContext): TemplateResult {
  const { feed, language: lang } = context;
  if (!feed.loaded && feed.error !== undefined) {
    return html`<centinela-status-message
      kind="error"
      retry
      .language=${lang}
      .message=${localize('card.load_error', lang)}
      .detail=${describe(feed.error)}
      @retry=${context.retry}
    ></centinela-status-message>`;
  }
  if (!feed.loaded) {
    return html`<centinela-status-message
      kind="loading"
      .language=${lang}
    ></centinela-status-message>`;
  }
  if (feed.items.length === 0) {
    const empty = context.mode === 'events' ? 'events.empty' : 'reviews.empty';
    return html`<centinela-status-message
      kind="empty"
      .language=${lang}
      .message=${localize(empty, lang)}
    ></centinela-status-message>`;
  }
  return html`
    <div class="scroller" style="max-height: ${context.maxHeight}px">
      <ul class="list">
        ${
          context.mode === 'events'
            ? (feed.items as CentinelaEvent[]).map((event) => renderEventRow(event, context))
            : (feed.items as ReviewItem[]).map((review) => renderReviewRow(review, context))
        }
      </ul>
      <div class="sentinel" aria-hidden="true"></div>
      ${renderFooter(context)}
    </div>
  `;
}

function renderEventRow(event: CentinelaEvent, context: EventListContext): TemplateResult {
  return html`<li>
    <centinela-event-list-item
      .event=${event}
      .thumbnailUrl=${context.thumbnailUrl(event)}
      .cameraName=${context.cameraName(event.camera_id, event.camera)}
      .language=${context.language}
      .timeZone=${context.timeZone}
      .now=${context.now}
    ></centinela-event-list-item>
  </li>`;
}

function renderFooter(context: EventListContext) {
  const { feed, language: lang } = context;
  if (feed.loading) {
    return html`<centinela-status-message
      kind="loading"
      .language=${lang}
    ></centinela-status-message>`;
  }
  if (feed.error !== undefined) {
    return html`<centinela-status-message
      kind="error"
      retry
      .language=${lang}
      .message=${localize('card.load_error', lang)}
      .detail=${describe(feed.error)}
      @retry=${context.loadMore}
    ></centinela-status-message>`;
  }
  if (feed.hasMore) {
    return html`<div class="footer">
      <button class="button" type="button" @click=${context.loadMore}>
        ${localize('events.load_more', lang)}
      </button>
    </div>`;
  }
  const end = context.mode === 'events' ? 'events.end_of_list' : 'reviews.end_of_list';
  return feed.items.length > 0 ? html`<p class="footer end">${localize(end, lang)}</p>` : nothing;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export const eventListStyles = css`
  .scroller {
    overflow-y: auto;
    overscroll-behavior: contain;
  }
  .list {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .list > li + li {
    border-top: 1px solid var(--cen-divider);
  }
  .sentinel {
    height: 1px;
  }
  .footer {
    display: flex;
    justify-content: center;
    padding: 8px;
    margin: 0;
  }
  .footer.end {
    font-size: 0.85rem;
    color: var(--cen-text-secondary);
  }
`;
