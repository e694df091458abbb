import { LitElement, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { CentinelaClient } from '../api/client';
import {
  EXPORT_REASON_MAX,
  EXPORT_REASON_MIN,
  type CentinelaEvent,
  type EvidenceExport,
  type EvidenceFormat,
} from '../api/types';
import { defineElement } from '../ha/register';
import { localize, localizeLabel } from '../i18n';
import { formatBytes, formatDateTime } from './format';
import { randomId } from './random-id';
import { cardStyles, dialogStyles, themeStyles } from './styles';

export const EXPORT_DIALOG_TAG = 'centinela-export-dialog';
export const EVIDENCE_EXPORTED = 'centinela-evidence-exported';

type Phase = 'editing' | 'working' | 'done';

/** Checks an export reason the way the API does: 3 to 500 characters after trimming. */
export function reasonProblem(reason: string): 'short' | 'long' | undefined {
  const length = reason.trim().length;
  if (length < EXPORT_REASON_MIN) return 'short';
  if (length > EXPORT_REASON_MAX) return 'long';
  return undefined;
}

/**
 * Modal that requests the reason of an evidence export and sends
 * `POST /api/evidence/export`. One idempotency key is used per opening, so a repeated
 * submit after a network error cannot create a second export.
 */
export class CentinelaExportDialog extends LitElement {
  static override styles = [
    themeStyles,
    cardStyles,
    dialogStyles,
    css`
      dialog {
        width: min(520px, calc(100vw - 24px));
      }
      label {
        display: block;
        font-weight: 500;
        margin: 12px 0 4px;
      }
      textarea,
      select {
        box-sizing: border-box;
        width: 100%;
        font: inherit;
        color: var(--cen-text);
        background: var(--cen-background);
        border: 1px solid var(--cen-text-secondary);
        border-radius: 8px;
        padding: 8px;
      }
      textarea {
        min-height: 96px;
        resize: vertical;
      }
      .help,
      .count,
      .meta {
        margin: 4px 0 0;
        font-size: 0.85rem;
        color: var(--cen-text-secondary);
      }
      .error {
        margin: 8px 0 0;
        color: var(--cen-error);
      }
      .result {
        margin: 12px 0 0;
        overflow-wrap: anywhere;
      }
      .result p {
        margin: 4px 0;
      }
    `,
  ];

  @property({ attribute: false }) client: CentinelaClient | undefined;
  @property() language = 'en';
  @property() timeZone: string | undefined;
  @state() private event: CentinelaEvent | undefined;
  @state() private cameraName = '';
  @state() private reason = '';
  @state() private format: EvidenceFormat = 'mp4';
  @state() private phase: Phase = 'editing';
  @state() private touched = false;
  @state() private failure = '';
  @state() private result: EvidenceExport | undefined;
  @query('dialog') private dialog!: HTMLDialogElement;
  @query('textarea') private textarea!: HTMLTextAreaElement | null;
  private idempotencyKey = '';

  /** Opens the dialog for one event with an empty reason. */
  async show(event: CentinelaEvent, cameraName: string): Promise<void> {
    this.event = event;
    this.cameraName = cameraName;
    this.reason = '';
    this.format = event.has_clip ? 'mp4' : 'jpg';
    this.phase = 'editing';
    this.touched = false;
    this.failure = '';
    this.result = undefined;
    this.idempotencyKey = randomId();
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    this.textarea?.focus();
  }

  close(): void {
    if (this.dialog?.open) this.dialog.close();
  }

  protected override render() {
    return html`
      <dialog aria-labelledby="export-title" @close=${this.onClose}>
        <div class="dialog-header">
          <h2 id="export-title">${localize('export.title', this.language)}</h2>
          <button
            class="icon-button"
            type="button"
            aria-label=${localize('dialog.close', this.language)}
            @click=${this.close}
          >
            ✕
          </button>
        </div>
        ${this.event !== undefined ? this.renderBody(this.event) : nothing}
      </dialog>
    `;
  }

  private renderBody(event: CentinelaEvent) {
    const lang = this.language;
    const problem = reasonProblem(this.reason);
    const showProblem = this.touched && problem !== undefined;
    const problemText =
      problem === 'short'
        ? localize('export.reason_too_short', lang, { min: EXPORT_REASON_MIN })
        : localize('export.reason_too_long', lang, { max: EXPORT_REASON_MAX });
    const describedBy = showProblem
      ? 'reason-help reason-count reason-error'
      : 'reason-help reason-count';
    return html`
      <form class="dialog-body" novalidate @submit=${this.onSubmit}>
        <p class="meta">
          ${localizeLabel(event.label, lang)} · ${this.cameraName} ·
          ${formatDateTime(event.start_time, lang, this.timeZone)}
        </p>
        <label for="reason">${localize('export.reason', lang)}</label>
        <textarea
          id="reason"
          name="reason"
          required
          minlength=${EXPORT_REASON_MIN}
          maxlength=${EXPORT_REASON_MAX}
          aria-describedby=${describedBy}
          aria-invalid=${showProblem ? 'true' : 'false'}
          .value=${this.reason}
          ?disabled=${this.phase !== 'editing'}
          @input=${this.onReasonInput}
          @blur=${() => (this.touched = this.reason !== '' || this.touched)}
        ></textarea>
        <p id="reason-help" class="help">
          ${localize('export.reason_help', lang, { min: EXPORT_REASON_MIN, max: EXPORT_REASON_MAX })}
        </p>
        <p id="reason-count" class="count">
          ${localize('export.reason_count', lang, { count: this.reason.trim().length, max: EXPORT_REASON_MAX })}
        </p>
        ${showProblem ? html`<p id="reason-error" class="error" role="alert">${problemText}</p>` : nothing}
        <label for="format">${localize('export.format', lang)}</label>
        <select
          id="format"
          name="format"
          .value=${this.format}
          ?disabled=${this.phase !== 'editing'}
          @change=${this.onFormatChange}
        >
          ${event.has_clip ? html`<option value="mp4">${localize('export.format_mp4', lang)}</option>` : nothing}
          ${event.has_snapshot ? html`<option value="jpg">${localize('export.format_jpg', lang)}</option>` : nothing}
        </select>
        ${
          this.failure !== ''
            ? html`<p class="error" role="alert">
                ${localize('export.failed', lang, { message: this.failure })}
              </p>`
            : nothing
        }
        ${this.result !== undefined ? this.renderResult(this.result) : nothing}
        <div class="actions">
          <button class="button" type="button" @click=${this.close}>
            ${localize(this.phase === 'done' ? 'dialog.close' : 'export.cancel', lang)}
          </button>
          ${
            this.phase !== 'done'
              ? html`<button
                  class="button primary"
                  type="submit"
                  ?disabled=${this.phase === 'working'}
                >
                  ${localize(this.phase === 'working' ? 'export.working' : 'export.submit', lang)}
                </button>`
              : nothing
          }
        </div>
      </form>
    `;
  }

  private renderResult(result: EvidenceExport) {
    const client = this.client;
    return html`
      <div class="result" role="status">
        <p>
          ${localize('export.done', this.language, { file: result.file_name })}
          (${formatBytes(result.size, this.language)})
        </p>
        <p class="meta">${localize('export.sha256', this.language, { hash: result.sha256 })}</p>
        ${
          client !== undefined
            ? html`<p>
                <a
                  class="button primary"
                  href=${client.mediaUrl(result.download_url)}
                  download=${result.file_name}
                >
                  ${localize('export.download', this.language)}
                </a>
                <a
                  class="button"
                  href=${client.mediaUrl(result.manifest_url)}
                  target="_blank"
                  rel="noopener"
                >
                  ${localize('export.manifest', this.language)}
                </a>
              </p>`
            : nothing
        }
      </div>
    `;
  }

  private onReasonInput(event: Event): void {
    this.reason = (event.target as HTMLTextAreaElement).value;
    if (this.reason.trim().length >= EXPORT_REASON_MIN) this.touched = true;
  }

  private onFormatChange(event: Event): void {
    this.format = (event.target as HTMLSelectElement).value === 'jpg' ? 'jpg' : 'mp4';
  }

  private async onSubmit(submit: SubmitEvent): Promise<void> {
    submit.preventDefault();
    this.touched = true;
    const event = this.event;
    const client = this.client;
    if (event === undefined || client === undefined || this.phase !== 'editing') return;
    if (reasonProblem(this.reason) !== undefined) {
      this.textarea?.focus();
      return;
    }
    this.phase = 'working';
    this.failure = '';
    try {
      const request = { event_id: event.id, reason: this.reason.trim(), format: this.format };
      this.result = await client.exportEvidence(request, this.idempotencyKey);
      this.phase = 'done';
      this.dispatchEvent(
        new CustomEvent(EVIDENCE_EXPORTED, {
          detail: { export: this.result },
          bubbles: true,
          composed: true,
        }),
      );
    } catch (error) {
      this.failure = error instanceof Error ? error.message : String(error);
      this.phase = 'editing';
    }
  }

  private onClose(): void {
    this.event = undefined;
    this.result = undefined;
  }
}

defineElement(EXPORT_DIALOG_TAG, CentinelaExportDialog);

declare global {
  interface HTMLElementTagNameMap {
    [EXPORT_DIALOG_TAG]: CentinelaExportDialog;
  }
}
