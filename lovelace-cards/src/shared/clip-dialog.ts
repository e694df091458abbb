import { LitElement, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { CentinelaClient } from '../api/client';
import type { CentinelaEvent } from '../api/types';
import { defineElement } from '../ha/register';
import { localize, localizeLabel } from '../i18n';
import { formatDateTime } from './format';
import { cardStyles, dialogStyles, themeStyles } from './styles';

export const CLIP_DIALOG_TAG = 'centinela-clip-dialog';
export const EXPORT_REQUEST = 'centinela-export-request';

export interface ExportRequestDetail {
  event: CentinelaEvent;
  cameraName: string;
}

/**
 * Modal that plays an event's clip with seeking (the native controls plus back and forward
 * buttons), or shows the snapshot when there is no clip. The video element exists only
 * while the dialog is open, so nothing downloads before a tap.
 */
export class CentinelaClipDialog extends LitElement {
  static override styles = [
    themeStyles,
    cardStyles,
    dialogStyles,
    css`
      video,
      .snapshot {
        display: block;
        width: 100%;
        max-height: 60vh;
        border-radius: 8px;
        background: #000000;
        aspect-ratio: 16 / 9;
        object-fit: contain;
      }
      .meta {
        margin: 0 0 8px;
        color: var(--cen-text-secondary);
        font-size: 0.9rem;
      }
      .seek {
        display: flex;
        gap: 8px;
        margin-top: 8px;
        flex-wrap: wrap;
      }
      .notice {
        margin: 8px 0 0;
        color: var(--cen-text-secondary);
      }
      .error {
        color: var(--cen-error);
      }
    `,
  ];

  @property({ attribute: false }) client: CentinelaClient | undefined;
  @property() language = 'en';
  @property() timeZone: string | undefined;
  @property({ type: Boolean }) canExport = false;
  @property({ type: Number }) seekStep = 5;
  @state() private event: CentinelaEvent | undefined;
  @state() private cameraName = '';
  @state() private playError = false;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('video') private video!: HTMLVideoElement | null;

  get isOpen(): boolean {
    return this.dialog?.open ?? false;
  }

  /** Opens the dialog for an event and starts the clip. */
  async show(event: CentinelaEvent, cameraName: string): Promise<void> {
    this.event = event;
    this.cameraName = cameraName;
    this.playError = false;
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    // Autoplay may be refused without a recent user gesture; the controls still work then.
    this.video?.play().catch(() => undefined);
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  /** Moves the playback position by `seconds`, kept inside the clip. */
  seekBy(seconds: number): void {
    const video = this.video;
    if (video === null) return;
    const end = Number.isFinite(video.duration) ? video.duration : Number.POSITIVE_INFINITY;
    video.currentTime = Math.min(Math.max(0, video.currentTime + seconds), end);
  }

  protected override render() {
    const event = this.event;
    const label = event !== undefined ? localizeLabel(event.label, this.language) : '';
    const camera = this.cameraName;
    // The list row names who was recognised (sub label); the dialog keeps that and adds the camera.
    const subLabel =
      event?.sub_label !== null && event?.sub_label !== undefined && event.sub_label !== ''
        ? ` · ${event.sub_label}`
        : '';
    return html`
      <dialog aria-labelledby="clip-title" @close=${this.onClose}>
        <div class="dialog-header">
          <h2 id="clip-title">${event !== undefined ? `${label}${subLabel} · ${camera}` : ''}</h2>
          <button
            class="icon-button"
            type="button"
            aria-label=${localize('dialog.close', this.language)}
            @click=${this.close}
          >
            ✕
          </button>
        </div>
        ${event !== undefined ? this.renderBody(event, label, camera) : nothing}
      </dialog>
    `;
  }

  private renderBody(event: CentinelaEvent, label: string, camera: string) {
    const client = this.client;
    const zones =
      event.zones.length > 0
        ? ` · ${localize('clip.zones', this.language, { zones: event.zones.join(', ') })}`
        : '';
    const poster =
      client !== undefined && event.has_snapshot ? client.snapshotUrl(event) : undefined;
    return html`
      <div class="dialog-body">
        <p class="meta">
          ${formatDateTime(event.start_time, this.language, this.timeZone)}${zones}
        </p>
        ${
          event.has_clip && client !== undefined
            ? html`
                <video
                  controls
                  playsinline
                  preload="metadata"
                  src=${client.clipUrl(event)}
                  poster=${poster ?? nothing}
                  aria-label=${localize('clip.video_label', this.language, { label, camera })}
                  @error=${this.onVideoError}
                ></video>
                <div class="seek">
                  <button class="button" type="button" @click=${() => this.seekBy(-this.seekStep)}>
                    ${localize('clip.back', this.language, { seconds: this.seekStep })}
                  </button>
                  <button class="button" type="button" @click=${() => this.seekBy(this.seekStep)}>
                    ${localize('clip.forward', this.language, { seconds: this.seekStep })}
                  </button>
                </div>
                ${
                  this.playError
                    ? html`<p class="notice error" role="alert">
                        ${localize('clip.play_error', this.language)}
                      </p>`
                    : nothing
                }
              `
            : html`
                ${
                  poster !== undefined
                    ? html`<img
                        class="snapshot"
                        src=${poster}
                        alt=${localize('clip.snapshot_alt', this.language, { label, camera })}
                      />`
                    : nothing
                }
                <p class="notice">${localize('clip.no_clip', this.language)}</p>
              `
        }
        <div class="actions">
          ${
            this.canExport
              ? html`<button class="button primary" type="button" @click=${this.onExport}>
                  ${localize('clip.export', this.language)}
                </button>`
              : nothing
          }
          <button class="button" type="button" @click=${this.close}>
            ${localize('dialog.close', this.language)}
          </button>
        </div>
      </div>
    `;
  }

  private onVideoError(): void {
    this.playError = true;
  }

  private onExport(): void {
    if (this.event === undefined) return;
    const detail: ExportRequestDetail = { event: this.event, cameraName: this.cameraName };
    this.dispatchEvent(new CustomEvent(EXPORT_REQUEST, { detail, bubbles: true, composed: true }));
  }

  private onClose(): void {
    const video = this.video;
    if (video !== null) {
      // Dropping the source stops the browser from downloading the rest of the clip.
      video.pause();
      video.removeAttribute('src');
      video.load();
    }
    this.event = undefined;
  }
}

defineElement(CLIP_DIALOG_TAG, CentinelaClipDialog);

declare global {
  interface HTMLElementTagNameMap {
    [CLIP_DIALOG_TAG]: CentinelaClipDialog;
  }
}
