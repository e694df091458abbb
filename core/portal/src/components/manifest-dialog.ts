import { LitElement, css, html, nothing } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import type { PortalHttp } from '../api/http';
import { ApiError, describeError } from '../api/problem';
import type { EvidenceItem } from '../api/types';
import { formatBytes, formatDateTime } from '../format';
import { t, type Language, type TranslationKey } from '../i18n';
import { portalStyles } from '../styles/theme';
import './state-view';

type Json = Record<string, unknown>;

function record(value: unknown): Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Json)
    : {};
}

function text(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  return String(value);
}

/** Shows an evidence manifest: event, file hash, signature and chain of custody, and the raw JSON. */
export class CenManifestDialog extends LitElement {
  static override styles = [
    portalStyles,
    css`
      dialog {
        width: min(760px, calc(100vw - 24px));
      }
      dl {
        display: grid;
        grid-template-columns: max-content minmax(0, 1fr);
        gap: 6px 16px;
        margin: 0 0 16px;
      }
      dt {
        font-weight: 600;
        color: var(--c-muted);
      }
      dd {
        margin: 0;
        overflow-wrap: anywhere;
      }
      pre {
        background: var(--c-surface-alt);
        border: 1px solid var(--c-border);
        border-radius: 8px;
        padding: 12px;
        overflow: auto;
        max-height: 320px;
        font-size: 0.8rem;
      }
      ol {
        padding-left: 20px;
        margin: 0 0 16px;
      }
      summary {
        cursor: pointer;
        font-weight: 600;
        min-height: 32px;
      }
      @media (max-width: 520px) {
        dl {
          grid-template-columns: minmax(0, 1fr);
          gap: 2px;
        }
        dd {
          margin-bottom: 8px;
        }
      }
    `,
  ];

  @property() language: Language = 'en';
  @state() private item: EvidenceItem | undefined;
  @state() private manifest: Json | undefined;
  @state() private error = '';
  @query('dialog') private dialog!: HTMLDialogElement;

  private tr(key: TranslationKey): string {
    return t(key, this.language);
  }

  async show(http: PortalHttp, item: EvidenceItem): Promise<void> {
    this.item = item;
    this.manifest = undefined;
    this.error = '';
    await this.updateComplete;
    if (!this.dialog.open) this.dialog.showModal();
    try {
      const path = item.manifest_url ?? `/api/evidence/${encodeURIComponent(item.id)}/manifest`;
      this.manifest = record(await http.get<unknown>(path));
    } catch (error) {
      this.error =
        error instanceof ApiError && error.status === 0
          ? this.tr('error.network')
          : describeError(error);
    }
  }

  private close(): void {
    this.dialog.close();
  }

  protected override render() {
    return html`
      <dialog aria-labelledby="manifest-title" data-testid="manifest-dialog">
        <div class="dialog-header">
          <h2 id="manifest-title">${this.tr('manifest.title')}</h2>
          <button
            class="icon-button"
            type="button"
            aria-label=${this.tr('common.close')}
            @click=${this.close}
          >
            ✕
          </button>
        </div>
        <div class="dialog-body">${this.renderBody()}</div>
      </dialog>
    `;
  }

  private renderBody() {
    if (this.error !== '')
      return html`<cen-state
        kind="error"
        .message=${this.tr('manifest.load_error')}
        .detail=${this.error}
      ></cen-state>`;
    const manifest = this.manifest;
    if (manifest === undefined)
      return html`<cen-state kind="loading" .message=${this.tr('common.loading')}></cen-state>`;
    const event = record(manifest['event']);
    const file = record(manifest['file']);
    const actor = record(manifest['actor']);
    const signature = record(manifest['signature']);
    const custody = Array.isArray(manifest['custody']) ? manifest['custody'].map(record) : [];
    const size =
      typeof file['size'] === 'number'
        ? formatBytes(file['size'], this.language)
        : text(file['size']);
    return html`
      <dl>
        <dt>${this.tr('manifest.export_id')}</dt>
        <dd class="mono">${text(manifest['export_id'] ?? this.item?.id)}</dd>
        <dt>${this.tr('manifest.event')}</dt>
        <dd>
          ${text(event['camera'])} · ${text(event['label'])} ·
          ${formatDateTime(text(event['start_utc']), this.language)}
        </dd>
        <dt>${this.tr('manifest.exported')}</dt>
        <dd>
          ${formatDateTime(text(manifest['exported_at']), this.language)} · ${text(actor['email'])}
        </dd>
        <dt>${this.tr('manifest.reason')}</dt>
        <dd>${text(manifest['reason'])}</dd>
        <dt>${this.tr('manifest.file')}</dt>
        <dd>${text(file['name'])} (${size})</dd>
        <dt>SHA-256</dt>
        <dd class="mono" data-testid="manifest-sha256">${text(file['sha256'])}</dd>
        <dt>${this.tr('manifest.signature')}</dt>
        <dd>
          ${text(signature['algorithm'])} · key_id
          <span class="mono">${text(signature['key_id'])}</span>
        </dd>
      </dl>
      ${
        custody.length > 0
          ? html`<h3>${this.tr('manifest.custody')}</h3>
              <ol>
                ${custody.map(
                  (entry) =>
                    html`<li>
                      ${text(entry['action'])} · ${text(record(entry['actor'])['email'])} ·
                      ${formatDateTime(text(entry['at']), this.language)}
                    </li>`,
                )}
              </ol>`
          : nothing
      }
      <details>
        <summary>${this.tr('manifest.raw')}</summary>
        <pre tabindex="0">${JSON.stringify(manifest, null, 2)}</pre>
      </details>
    `;
  }
}

customElements.define('cen-manifest-dialog', CenManifestDialog);
