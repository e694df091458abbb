import { css, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import { CursorFeed, emptyPage } from '../../api/cursor-feed';
import type { Subscription } from '../../api/subscription';
import {
  EVIDENCE_EXPORT_PERMISSION,
  type Camera,
  type CentinelaEvent,
  type ReviewItem,
  type ReviewQuery,
  type TopicMessage,
} from '../../api/types';
import { defineElement, registerCustomCard } from '../../ha/register';
import type { HomeAssistant, LovelaceGridOptions } from '../../ha/types';
import { localize } from '../../i18n';
import { CentinelaCardBase } from '../../shared/card-base';
import { renderCardShell, renderLiveDot } from '../../shared/card-shell';
import '../../shared/clip-dialog';
import {
  EXPORT_REQUEST,
  type CentinelaClipDialog,
  type ExportRequestDetail,
} from '../../shared/clip-dialog';
import '../../shared/event-list-item';
import { EVENT_OPEN, type EventOpenDetail } from '../../shared/event-list-item';
import '../../shared/export-dialog';
import type { CentinelaExportDialog } from '../../shared/export-dialog';
import { EndOfListObserver } from '../../shared/end-of-list-observer';
import { timeZoneOf } from '../../shared/format';
import { cardStyles, themeStyles } from '../../shared/styles';
import {
  DEFAULT_LABELS,
  EVENTS_CARD_DESCRIPTION,
  EVENTS_CARD_EDITOR_TAG,
  EVENTS_CARD_NAME,
  EVENTS_CARD_TAG,
  SEEK_STEP_SECONDS,
  type ListMode,
  type SeverityFilter,
} from './const';
import {
  applyEventMessage,
  eventQuery,
  isEventMessageData,
  type EventFilter,
} from './event-filter';
import { filterBarStyles, renderFilterBar } from './event-filters';
import { validateEventsCardConfig, type EventsCardConfig } from './events-card-config';
import { renderEventList, eventListStyles } from './event-list';
import { isReviewMessageData, upsertReview } from './review-updates';
import { loadReviewEvents, reviewStyles, type ReviewEvents } from './review-list';

/**
 * `custom:centinela-events-card`: newest events with filters, endless scrolling on the
 * keyset cursor, clip playback, evidence export and live updates.
 */
export class CentinelaEventsCard extends CentinelaCardBase<EventsCardConfig> {
  static override styles = [
    themeStyles,
    cardStyles,
    filterBarStyles,
    eventListStyles,
    reviewStyles,
    css`
      .content {
        padding: 0 8px 8px;
      }
    `,
  ];

  static async getConfigElement(): Promise<HTMLElement> {
    await import('./events-card-editor');
    return document.createElement(EVENTS_CARD_EDITOR_TAG);
  }

  static getStubConfig(hass?: HomeAssistant): Partial<Omit<EventsCardConfig, 'type'>> {
    const eventEntity = Object.keys(hass?.states ?? {}).find((entityId) =>
      entityId.startsWith('event.'),
    );
    return eventEntity !== undefined
      ? { time_range: '24h', event_entity: eventEntity }
      : { time_range: '24h' };
  }

  @state() private cameras: Camera[] = [];
  @state() private canExport = false;
  @state() private filter: EventFilter = { time_range: '24h' };
  @state() private mode: ListMode = 'events';
  @state() private severity: SeverityFilter = 'all';
  @state() private liveConnected = false;
  @state() private now = Date.now();
  @state() private expanded = new Map<string, ReviewEvents>();
  @query('centinela-clip-dialog') private clipDialog!: CentinelaClipDialog | null;
  @query('centinela-export-dialog') private exportDialog!: CentinelaExportDialog | null;
  @query('.sentinel') private sentinel!: HTMLElement | null;
  // The loaders are replaced on each reload, when the client and filters are known.
  private readonly events = new CursorFeed<CentinelaEvent>(emptyPage, () => this.requestUpdate());
  private readonly reviews = new CursorFeed<ReviewItem>(emptyPage, () => this.requestUpdate());
  private subscription: Subscription | undefined;
  private subscribedSite: string | undefined;
  private readonly endOfList = new EndOfListObserver(() => void this.loadMore());
  private clock: ReturnType<typeof setInterval> | undefined;
  private controller: AbortController | undefined;

  constructor() {
    super();
    this.addEventListener(
      EVENT_OPEN,
      (event) => void this.openEvent((event as CustomEvent<EventOpenDetail>).detail.event),
    );
    this.addEventListener(EXPORT_REQUEST, (event) => {
      const detail = (event as CustomEvent<ExportRequestDetail>).detail;
      void this.exportDialog?.show(detail.event, detail.cameraName);
    });
  }

  protected validateConfig(input: unknown): EventsCardConfig {
    return validateEventsCardConfig(input);
  }

  protected watchedEntityIds(): string[] {
    return this.config?.event_entity !== undefined ? [this.config.event_entity] : [];
  }

  /** Number of 50 px rows in the masonry view: header, filters and the list height. */
  getCardSize(): number {
    const config = this.config;
    const listRows = Math.ceil((config?.max_height ?? 480) / 50);
    return 1 + (config?.show_filters === false ? 0 : 1) + listRows;
  }

  getGridOptions(): LovelaceGridOptions {
    return { columns: 12, rows: 'auto', min_columns: 6, max_columns: 12, min_rows: 4 };
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    if (changed.has('config') && this.config !== undefined) {
      const config = this.config;
      this.filter = {
        camera_id: config.camera_id,
        label: config.label,
        time_range: config.time_range,
      };
      this.mode = config.mode;
      this.severity = config.severity;
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    this.endOfList.watch(this.sentinel);
  }

  protected override hassChanged(previous: HomeAssistant | undefined): void {
    const entityId = this.config?.event_entity;
    if (previous === undefined || entityId === undefined || this.client === undefined) return;
    // The WebSocket already delivers new events; the HA entity is the fallback without it.
    if (!this.liveConnected && previous.states[entityId] !== this.hass?.states[entityId])
      void this.reloadList();
  }

  protected start(): void {
    const controller = new AbortController();
    this.controller = controller;
    void this.loadCameras(controller.signal);
    void this.loadPermissions(controller.signal);
    void this.reloadList();
    this.clock = setInterval(() => {
      this.now = Date.now();
    }, 60_000);
  }

  protected stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.events.dispose();
    this.reviews.dispose();
    this.subscription?.close();
    this.subscription = undefined;
    this.subscribedSite = undefined;
    this.liveConnected = false;
    this.endOfList.disconnect();
    if (this.clock !== undefined) clearInterval(this.clock);
    this.clock = undefined;
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const config = this.config;
    const title = config?.title ?? localize('events.title', lang);
    const setup = this.renderSetupStatus();
    const headerExtra =
      this.subscription !== undefined ? renderLiveDot(this.liveConnected, lang) : nothing;
    const body =
      setup ??
      html`
        ${config?.show_filters !== false ? renderFilterBar(this.filterState(), lang, this.filterHandlers) : nothing}
        <div class="content">
          ${renderEventList({
            mode: this.mode,
            feed: this.mode === 'events' ? this.events : this.reviews,
            language: lang,
            now: this.now,
            timeZone: timeZoneOf(this.hass),
            maxHeight: config?.max_height ?? 480,
            cameraName: (id, fallback) => this.cameraName(id, fallback),
            thumbnailUrl: (event) => this.client?.thumbnailUrl(event) ?? '',
            expanded: this.expanded,
            toggle: (review) => void this.toggleReview(review),
            loadMore: () => void this.loadMore(),
            retry: () => void this.reloadList(),
          })}
        </div>
        <centinela-clip-dialog
          .client=${this.client}
          .language=${lang}
          .timeZone=${timeZoneOf(this.hass)}
          .canExport=${this.canExport}
          .seekStep=${SEEK_STEP_SECONDS}
        ></centinela-clip-dialog>
        <centinela-export-dialog
          .client=${this.client}
          .language=${lang}
          .timeZone=${timeZoneOf(this.hass)}
        ></centinela-export-dialog>
      `;
    return renderCardShell({ title, headerExtra, language: lang }, html`${body}`);
  }

  private filterState() {
    const seen = this.events.items.map((event) => event.label);
    const selected = this.filter.label !== undefined ? [this.filter.label] : [];
    const labels = [...new Set([...(this.config?.labels ?? DEFAULT_LABELS), ...seen, ...selected])];
    return {
      filter: this.filter,
      mode: this.mode,
      severity: this.severity,
      cameras: this.cameras,
      labels,
    };
  }

  private readonly filterHandlers = {
    camera: (value: string | undefined) => this.setFilter({ ...this.filter, camera_id: value }),
    label: (value: string | undefined) => this.setFilter({ ...this.filter, label: value }),
    range: (value: EventFilter['time_range']) =>
      this.setFilter({ ...this.filter, time_range: value }),
    mode: (value: ListMode) => {
      this.mode = value;
      void this.reloadList();
    },
    severity: (value: SeverityFilter) => {
      this.severity = value;
      void this.reloadList();
    },
  };

  private setFilter(filter: EventFilter): void {
    this.filter = filter;
    void this.reloadList();
  }

  private cameraName(cameraId: string, fallback: string): string {
    const camera = this.cameras.find((candidate) => candidate.id === cameraId);
    return camera?.friendly_name || camera?.name || fallback;
  }

  private reloadList(): Promise<void> {
    const client = this.client;
    const config = this.config;
    if (client === undefined || config === undefined) return Promise.resolve();
    this.expanded = new Map();
    if (this.mode === 'events') {
      const query = eventQuery(this.filter, Date.now(), config.limit);
      return this.events.reload((cursor, signal) =>
        client.listEvents(cursor !== undefined ? { ...query, cursor } : query, signal),
      );
    }
    const query: ReviewQuery = { limit: config.limit };
    if (this.severity !== 'all') query.severity = this.severity;
    if (this.filter.camera_id !== undefined) query.camera_id = this.filter.camera_id;
    return this.reviews.reload((cursor, signal) =>
      client.listReviews(cursor !== undefined ? { ...query, cursor } : query, signal),
    );
  }

  private loadMore(): Promise<void> {
    return this.mode === 'events' ? this.events.loadMore() : this.reviews.loadMore();
  }

  private async loadCameras(signal: AbortSignal): Promise<void> {
    try {
      const page = await this.client?.listCameras(signal);
      if (page === undefined || signal.aborted) return;
      this.cameras = page.items;
    } catch {
      // Camera names are optional here: rows fall back to the event's camera field.
    }
    if (!signal.aborted) this.subscribe();
  }

  private async loadPermissions(signal: AbortSignal): Promise<void> {
    try {
      const me = await this.client?.me(signal);
      if (me === undefined || signal.aborted) return;
      this.canExport = me.permissions.includes(EVIDENCE_EXPORT_PERMISSION);
    } catch {
      // Without a readable profile the export button stays hidden; the server checks anyway.
      this.canExport = false;
    }
  }

  private subscribe(): void {
    const client = this.client;
    const siteId =
      this.config?.site_id ?? this.cameras[0]?.site_id ?? this.events.items[0]?.site_id;
    if (client === undefined || siteId === undefined || this.subscribedSite === siteId) return;
    this.subscription?.close();
    this.subscribedSite = siteId;
    this.subscription = client.subscribe([`events:${siteId}`, `reviews:${siteId}`], undefined, {
      onMessage: (message) => this.onLiveMessage(message),
      onResync: () => void this.reloadList(),
      onStatus: (status) => {
        this.liveConnected = status === 'open';
      },
    });
    this.requestUpdate();
  }

  private onLiveMessage(message: TopicMessage): void {
    const data = message.data;
    if (message.topic.startsWith('events:') && isEventMessageData(data)) {
      if (this.mode !== 'events') return;
      const next = applyEventMessage(
        this.events.items,
        data,
        this.filter,
        Date.now(),
        this.events.hasMore,
      );
      if (next !== undefined) this.events.setItems(next);
      return;
    }
    if (
      message.topic.startsWith('reviews:') &&
      isReviewMessageData(data) &&
      this.mode === 'reviews'
    ) {
      const next = upsertReview(
        this.reviews.items,
        data.review,
        this.severity,
        this.filter.camera_id,
      );
      if (next !== undefined) this.reviews.setItems(next);
    }
  }

  private async toggleReview(review: ReviewItem): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    const expanded = new Map(this.expanded);
    if (expanded.has(review.id)) {
      expanded.delete(review.id);
      this.expanded = expanded;
      return;
    }
    expanded.set(review.id, { state: 'loading' });
    this.expanded = expanded;
    const result = await loadReviewEvents(client, review);
    if (!this.expanded.has(review.id)) return;
    this.expanded = new Map(this.expanded).set(review.id, result);
  }

  private async openEvent(event: CentinelaEvent): Promise<void> {
    await this.clipDialog?.show(event, this.cameraName(event.camera_id, event.camera));
  }
}

defineElement(EVENTS_CARD_TAG, CentinelaEventsCard);
registerCustomCard({
  type: EVENTS_CARD_TAG,
  name: EVENTS_CARD_NAME,
  description: EVENTS_CARD_DESCRIPTION,
  preview: true,
  documentationURL:
    'https://github.com/centinela-nvr/centinela/tree/main/lovelace-cards#events-card',
});

declare global {
  interface HTMLElementTagNameMap {
    [EVENTS_CARD_TAG]: CentinelaEventsCard;
  }
}
