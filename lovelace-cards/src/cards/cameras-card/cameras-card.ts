import { css, html, nothing, type TemplateResult } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { Subscription } from '../../api/subscription';
import type { Camera } from '../../api/types';
import { isOn } from '../../ha/entities';
import { defineElement, registerCustomCard } from '../../ha/register';
import type { HomeAssistant, LovelaceGridOptions } from '../../ha/types';
import { localize } from '../../i18n';
import { CentinelaCardBase } from '../../shared/card-base';
import { renderCardShell, renderLiveDot } from '../../shared/card-shell';
import { cardStyles, themeStyles } from '../../shared/styles';
import { VisibilityController } from '../../shared/visibility-controller';
import { isEventMessageData } from '../events-card/event-filter';
import { ActiveDetections } from './active-detections';
import { cameraTileStyles, renderCameraTile, type CameraTileModel } from './camera-tile';
import {
  camerasCardEntityIds,
  validateCamerasCardConfig,
  type CamerasCardConfig,
  type CameraMapping,
} from './cameras-card-config';
import {
  CAMERAS_CARD_DESCRIPTION,
  CAMERAS_CARD_EDITOR_TAG,
  CAMERAS_CARD_NAME,
  CAMERAS_CARD_TAG,
  DEFAULT_REFRESH_INTERVAL,
} from './const';
import './live-view-dialog';
import type { CentinelaLiveViewDialog } from './live-view-dialog';

/**
 * `custom:centinela-cameras-card`: one tile per camera with its latest still, refreshed
 * while the card is on screen, and a live view on tap.
 */
export class CentinelaCamerasCard extends CentinelaCardBase<CamerasCardConfig> {
  static override styles = [
    themeStyles,
    cardStyles,
    cameraTileStyles,
    css`
      .content {
        padding-top: 12px;
      }
    `,
  ];

  static async getConfigElement(): Promise<HTMLElement> {
    await import('./cameras-card-editor');
    return document.createElement(CAMERAS_CARD_EDITOR_TAG);
  }

  /** Default config for the card picker: the first camera entities, mapped by object ID. */
  static getStubConfig(hass?: HomeAssistant): Omit<CamerasCardConfig, 'type'> {
    const cameras = Object.keys(hass?.states ?? {})
      .filter((entityId) => entityId.startsWith('camera.'))
      .slice(0, 4)
      .map((entityId) => ({ id: entityId.slice('camera.'.length), camera_entity: entityId }));
    return cameras.length > 0
      ? { refresh_interval: DEFAULT_REFRESH_INTERVAL, cameras }
      : { refresh_interval: DEFAULT_REFRESH_INTERVAL };
  }

  @state() private cameras: Camera[] | undefined;
  @state() private loadError: string | undefined;
  @state() private liveConnected = false;
  /** Cache-busting stamp of the stills; 0 until the card has been on screen. */
  @state() private stillStamp = 0;
  @query('centinela-live-view-dialog') private liveView!: CentinelaLiveViewDialog | null;
  private readonly stillStamps = new Map<string, number>();
  private readonly failedStills = new Set<string>();
  private readonly active = new ActiveDetections();
  private readonly visibility = new VisibilityController(this, (visible) =>
    this.onVisibility(visible),
  );
  private subscription: Subscription | undefined;
  private timer: ReturnType<typeof setInterval> | undefined;
  private controller: AbortController | undefined;

  protected validateConfig(input: unknown): CamerasCardConfig {
    return validateCamerasCardConfig(input);
  }

  protected watchedEntityIds(): string[] {
    const ids = camerasCardEntityIds(this.config);
    for (const camera of this.cameras ?? []) ids.push(`camera.${camera.id}`);
    return ids;
  }

  getCardSize(): number {
    const count = this.config?.cameras?.length ?? this.cameras?.length ?? 2;
    return 1 + 4 * Math.ceil(Math.max(count, 1) / 2);
  }

  getGridOptions(): LovelaceGridOptions {
    return { columns: 12, rows: 'auto', min_columns: 6, max_columns: 12, min_rows: 3 };
  }

  protected start(): void {
    void this.loadCameras();
    if (this.visibility.visible) this.onVisibility(true);
  }

  protected stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.stopTimer();
    this.subscription?.close();
    this.subscription = undefined;
    this.liveConnected = false;
    this.active.clear();
  }

  protected override render(): TemplateResult {
    const lang = this.language;
    const title = this.config?.title ?? localize('cameras.title', lang);
    const status = this.renderSetupStatus() ?? this.renderStatus();
    const headerExtra =
      this.subscription !== undefined ? renderLiveDot(this.liveConnected, lang) : nothing;
    const body = html`
      <div class="content">${status ?? this.renderGrid()}</div>
      <centinela-live-view-dialog
        .hass=${this.hass}
        .client=${this.client}
        .language=${lang}
        .refreshInterval=${this.config?.refresh_interval ?? DEFAULT_REFRESH_INTERVAL}
      ></centinela-live-view-dialog>
    `;
    return renderCardShell({ title, headerExtra, language: lang }, body);
  }

  private renderStatus(): TemplateResult | undefined {
    const lang = this.language;
    if (this.loadError !== undefined && this.cameras === undefined) {
      return html`<centinela-status-message
        kind="error"
        retry
        .language=${lang}
        .message=${localize('card.load_error', lang)}
        .detail=${this.loadError}
        @retry=${() => void this.loadCameras()}
      ></centinela-status-message>`;
    }
    if (this.cameras === undefined) {
      return html`<centinela-status-message
        kind="loading"
        .language=${lang}
      ></centinela-status-message>`;
    }
    if (this.tiles().length === 0) {
      return html`<centinela-status-message
        kind="empty"
        .language=${lang}
        .message=${localize('cameras.empty', lang)}
      ></centinela-status-message>`;
    }
    return undefined;
  }

  private renderGrid(): TemplateResult {
    const handlers = {
      open: (model: CameraTileModel) => void this.openLive(model),
      stillFailed: (model: CameraTileModel) => {
        this.failedStills.add(model.id);
        this.requestUpdate();
      },
    };
    return html`<ul class="grid">
      ${this.tiles().map((model) => renderCameraTile(model, this.language, handlers))}
    </ul>`;
  }

  /** Tiles in config order, or every camera in API order when the config lists none. */
  private tiles(): CameraTileModel[] {
    const cameras = this.cameras ?? [];
    const mappings: CameraMapping[] =
      this.config?.cameras ?? cameras.map((camera) => ({ id: camera.id }));
    return mappings.map((mapping) => {
      const camera = cameras.find((candidate) => candidate.id === mapping.id);
      const occupancy =
        mapping.occupancy_entity !== undefined
          ? this.hass?.states[mapping.occupancy_entity]
          : undefined;
      const liveLabels = this.active.labels(mapping.id);
      const labels = [...new Set([...(camera?.active_labels ?? []), ...liveLabels])];
      return {
        camera,
        id: mapping.id,
        name: mapping.name ?? camera?.friendly_name ?? camera?.name ?? mapping.id,
        stillUrl: this.stillUrl(camera),
        active: labels.length > 0 || isOn(occupancy),
        activeLabels: labels,
      };
    });
  }

  private stillUrl(camera: Camera | undefined): string | undefined {
    if (camera === undefined || this.client === undefined) return undefined;
    if (this.stillStamp === 0 || camera.last_event_at === null || this.failedStills.has(camera.id))
      return undefined;
    const stamp = Math.max(this.stillStamp, this.stillStamps.get(camera.id) ?? 0);
    return this.client.cameraStillUrl(camera, stamp);
  }

  private cameraEntityFor(id: string): string | undefined {
    const mapping = this.config?.cameras?.find((camera) => camera.id === id);
    if (mapping?.camera_entity !== undefined) return mapping.camera_entity;
    // Frigate's integration names camera entities after the Frigate camera name.
    const guess = `camera.${id}`;
    return this.hass?.states[guess] !== undefined ? guess : undefined;
  }

  private async openLive(model: CameraTileModel): Promise<void> {
    if (model.camera === undefined) return;
    await this.liveView?.show({
      camera: model.camera,
      name: model.name,
      cameraEntity: this.cameraEntityFor(model.id),
    });
  }

  private async loadCameras(): Promise<void> {
    const client = this.client;
    if (client === undefined) return;
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    try {
      const page = await client.listCameras(controller.signal);
      if (controller.signal.aborted) return;
      this.cameras = page.items;
      this.loadError = undefined;
      this.subscribe();
    } catch (error) {
      if (controller.signal.aborted) return;
      this.loadError = this.describeError(error);
    }
  }

  private subscribe(): void {
    const client = this.client;
    const siteId = this.config?.site_id ?? this.cameras?.[0]?.site_id;
    if (client === undefined || siteId === undefined || this.subscription !== undefined) return;
    this.subscription = client.subscribe(`events:${siteId}`, undefined, {
      onMessage: (message) => {
        if (!isEventMessageData(message.data)) return;
        this.onEventMessage(message.data);
      },
      onResync: () => {
        this.active.clear();
        void this.loadCameras();
      },
      onStatus: (status) => {
        this.liveConnected = status === 'open';
      },
    });
    this.requestUpdate();
  }

  private onEventMessage(data: Parameters<ActiveDetections['apply']>[0]): void {
    if (this.active.apply(data)) this.requestUpdate();
    const cameras = this.cameras;
    if (cameras === undefined) return;
    if (data.kind === 'new') {
      this.cameras = cameras.map((camera) =>
        camera.id === data.event.camera_id
          ? {
              ...camera,
              detections_today: camera.detections_today + 1,
              last_event_at: data.event.start_time,
            }
          : camera,
      );
    }
    if (data.kind === 'end' && this.visibility.visible) {
      // The newest event's snapshot is final at its end, so refresh that camera's still now.
      this.stillStamps.set(data.event.camera_id, Date.now());
      this.failedStills.delete(data.event.camera_id);
      this.requestUpdate();
    }
  }

  private onVisibility(visible: boolean): void {
    if (!visible) {
      this.stopTimer();
      return;
    }
    if (this.client === undefined) return;
    const intervalMs = (this.config?.refresh_interval ?? DEFAULT_REFRESH_INTERVAL) * 1000;
    if (this.stillStamp === 0 || Date.now() - this.stillStamp >= intervalMs) this.refresh();
    this.stopTimer();
    this.timer = setInterval(() => this.refresh(), intervalMs);
  }

  private refresh(): void {
    this.stillStamp = Date.now();
    this.failedStills.clear();
    void this.loadCameras();
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}

defineElement(CAMERAS_CARD_TAG, CentinelaCamerasCard);
registerCustomCard({
  type: CAMERAS_CARD_TAG,
  name: CAMERAS_CARD_NAME,
  description: CAMERAS_CARD_DESCRIPTION,
  preview: true,
  documentationURL:
    'https://github.com/centinela-nvr/centinela/tree/main/lovelace-cards#cameras-card',
});

declare global {
  interface HTMLElementTagNameMap {
    [CAMERAS_CARD_TAG]: CentinelaCamerasCard;
  }
}
