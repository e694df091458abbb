import { LitElement, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { CentinelaClient } from '../../api/client';
import type { Camera } from '../../api/types';
import { cameraProxyPath } from '../../ha/entities';
import { defineElement } from '../../ha/register';
import type { HomeAssistant } from '../../ha/types';
import { localize } from '../../i18n';
import { cardStyles, dialogStyles, themeStyles } from '../../shared/styles';
import { LIVE_PROXY_REFRESH_MS } from './const';

export const LIVE_VIEW_DIALOG_TAG = 'centinela-live-view-dialog';

export interface LiveViewTarget {
  camera: Camera;
  name: string;
  cameraEntity: string | undefined;
}

/** Source of the live view image, from best to simplest. */
export type LiveSource = 'stream' | 'camera-proxy' | 'snapshot';

export function liveSourceFor(
  hass: HomeAssistant | undefined,
  cameraEntity: string | undefined,
): LiveSource {
  const entity = cameraEntity !== undefined ? hass?.states[cameraEntity] : undefined;
  if (entity === undefined) return 'snapshot';
  if (customElements.get('ha-camera-stream') !== undefined) return 'stream';
  return cameraProxyPath(entity) !== undefined ? 'camera-proxy' : 'snapshot';
}

/**
 * Live view of one camera, opened by a tap on its tile: Home Assistant's own
 * `<ha-camera-stream>` when the page has it, else the camera proxy still refreshed every
 * second, else Centinela's latest detection snapshot refreshed at the card's interval.
 */
export class CentinelaLiveViewDialog extends LitElement {
  static override styles = [
    themeStyles,
    cardStyles,
    dialogStyles,
    css`
      dialog {
        width: min(960px, calc(100vw - 24px));
      }
      .frame {
        display: block;
        width: 100%;
        aspect-ratio: 16 / 9;
        object-fit: contain;
        background: #000000;
        border-radius: 8px;
      }
      ha-camera-stream {
        display: block;
        width: 100%;
      }
      .notice {
        margin: 8px 0 0;
        font-size: 0.85rem;
        color: var(--cen-text-secondary);
      }
    `,
  ];

  @property({ attribute: false }) hass: HomeAssistant | undefined;
  @property({ attribute: false }) client: CentinelaClient | undefined;
  @property() language = 'en';
  /** Seconds between snapshot refreshes when there is no Home Assistant camera entity. */
  @property({ type: Number }) refreshInterval = 10;
  @state() private target: LiveViewTarget | undefined;
  @state() private tick = 0;
  @query('dialog') private dialog!: HTMLDialogElement;
  private timer: ReturnType<typeof setInterval> | undefined;

  get isOpen(): boolean {
    return this.dialog?.open ?? false;
  }

  get source(): LiveSource | undefined {
    return this.target === undefined
      ? undefined
      : liveSourceFor(this.hass, this.target.cameraEntity);
  }

  async show(target: LiveViewTarget): Promise<void> {
    this.target = target;
    this.tick = Date.now();
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.startTimer();
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopTimer();
  }

  protected override render() {
    const target = this.target;
    return html`
      <dialog aria-labelledby="live-title" @close=${this.onClose}>
        <div class="dialog-header">
          <h2 id="live-title">
            ${target !== undefined ? localize('cameras.live_title', this.language, { name: target.name }) : ''}
          </h2>
          <button
            class="icon-button"
            type="button"
            aria-label=${localize('dialog.close', this.language)}
            @click=${this.close}
          >
            ✕
          </button>
        </div>
        <div class="dialog-body">${target !== undefined ? this.renderSource(target) : nothing}</div>
      </dialog>
    `;
  }

  private renderSource(target: LiveViewTarget) {
    const alt = localize('cameras.live_alt', this.language, { name: target.name });
    const source = liveSourceFor(this.hass, target.cameraEntity);
    const entity =
      target.cameraEntity !== undefined ? this.hass?.states[target.cameraEntity] : undefined;
    if (source === 'stream' && entity !== undefined) {
      return html`<ha-camera-stream
        .hass=${this.hass}
        .stateObj=${entity}
        allow-exoplayer
        muted
        controls
      ></ha-camera-stream>`;
    }
    if (source === 'camera-proxy' && entity !== undefined && this.hass !== undefined) {
      const path = cameraProxyPath(entity) ?? '';
      return html`<img
        class="frame"
        src=${this.hass.hassUrl(`${path}&t=${this.tick}`)}
        alt=${alt}
      />`;
    }
    const client = this.client;
    return html`
      ${
        client !== undefined
          ? html`<img
              class="frame"
              src=${client.cameraStillUrl(target.camera, this.tick)}
              alt=${alt}
            />`
          : nothing
      }
      <p class="notice">
        ${localize('cameras.snapshot_notice', this.language, { seconds: this.refreshInterval })}
      </p>
    `;
  }

  private startTimer(): void {
    this.stopTimer();
    const source = this.source;
    if (source === undefined || source === 'stream') return;
    const period = source === 'camera-proxy' ? LIVE_PROXY_REFRESH_MS : this.refreshInterval * 1000;
    this.timer = setInterval(() => {
      this.tick = Date.now();
    }, period);
  }

  private stopTimer(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private onClose(): void {
    this.stopTimer();
    this.target = undefined;
  }
}

defineElement(LIVE_VIEW_DIALOG_TAG, CentinelaLiveViewDialog);

declare global {
  interface HTMLElementTagNameMap {
    [LIVE_VIEW_DIALOG_TAG]: CentinelaLiveViewDialog;
  }
}
