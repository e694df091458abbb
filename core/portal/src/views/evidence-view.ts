import { css, html, nothing } from 'lit';
import { query, state } from 'lit/decorators.js';
import type { EvidenceItem, EvidenceVerification, Page } from '../api/types';
import { PagedList } from '../components/paged-list';
import '../components/state-view';
import '../components/manifest-dialog';
import type { CenManifestDialog } from '../components/manifest-dialog';
import { icon } from '../components/icons';
import { formatBytes, formatDateTime } from '../format';
import { t, type Language } from '../i18n';
import { portalStyles } from '../styles/theme';
import { PortalView } from './portal-view';

type Verdict =
  | { kind: 'checking' }
  | { kind: 'match' | 'mismatch'; detail: string }
  | { kind: 'error'; detail: string };

/**
 * Outcome of a verification: the file must match its recorded hash, and the manifest's
 * signature and custody chain must be valid where the server checked them.
 */
export function verificationMatches(result: EvidenceVerification): boolean {
  return result.match && result.signature_valid !== false && result.custody_valid !== false;
}

/** What failed, when the file matched but the manifest did not, or the server named a problem. */
function verificationDetail(result: EvidenceVerification, lang: Language): string {
  const parts: string[] = [];
  if (!result.match) parts.push(t('evidence.hash_mismatch', lang));
  if (result.signature_valid === false) parts.push(t('evidence.signature_invalid', lang));
  if (result.custody_valid === false) parts.push(t('evidence.custody_invalid', lang));
  if (result.problem !== undefined && result.problem !== null) parts.push(result.problem);
  return parts.join(' ');
}

/** Evidence exports: download, manifest, server-side verification and the public key. */
export class CenEvidenceView extends PortalView {
  static override styles = [
    portalStyles,
    css`
      .file {
        font-weight: 600;
        overflow-wrap: anywhere;
      }
      .hash {
        color: var(--c-muted);
      }
      td.nowrap {
        white-space: nowrap;
      }
      td.actions-cell {
        width: 1%;
        text-align: right;
      }
      td.actions-cell .actions {
        justify-content: flex-end;
        flex-wrap: nowrap;
      }
      .verdict {
        display: block;
        margin-top: 6px;
        max-width: 32ch;
        margin-left: auto;
      }
      @media (max-width: 640px) {
        td.actions-cell {
          width: auto;
        }
        td.actions-cell .actions {
          flex-wrap: wrap;
        }
      }
    `,
  ];

  @state() private verdicts = new Map<string, Verdict>();
  @query('cen-manifest-dialog') private manifestDialog!: CenManifestDialog;
  private readonly list = new PagedList<EvidenceItem>(
    (cursor, signal) =>
      this.ctx.http.get<Page<EvidenceItem>>('/api/evidence', {
        query: { cursor, limit: 50 },
        signal,
      }),
    () => this.requestUpdate(),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.list.reload();
  }

  override disconnectedCallback(): void {
    this.list.dispose();
    super.disconnectedCallback();
  }

  protected override render() {
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('evidence.title')}</h1>
          <p>${this.t('evidence.lead')}</p>
        </div>
        <a
          class="button"
          data-testid="evidence-public-key"
          href=${this.ctx.http.url('/api/evidence/public-key')}
          download
        >
          ${icon('download', 18)}${this.t('evidence.public_key')}
        </a>
      </div>
      ${this.renderBody()}
      <cen-manifest-dialog .language=${this.ctx.lang}></cen-manifest-dialog>
    `;
  }

  private renderBody() {
    const list = this.list;
    const state = this.renderListState(list, {
      error: 'evidence.load_error',
      empty: 'evidence.empty',
      emptyDetail: 'evidence.empty_help',
    });
    if (state !== null) return state;
    return html`
      <div class="table-wrap">
        <table class="stack-mobile" data-testid="evidence-table">
          <caption class="visually-hidden">
            ${this.t('evidence.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('evidence.file')}</th>
              <th scope="col">${this.t('evidence.event')}</th>
              <th scope="col">${this.t('evidence.created')}</th>
              <th scope="col">${this.t('evidence.size')}</th>
              <th scope="col"><span class="visually-hidden">${this.t('common.actions')}</span></th>
            </tr>
          </thead>
          <tbody>
            ${list.items.map((item) => this.renderRow(item))}
          </tbody>
        </table>
      </div>
      ${list.error !== undefined ? html`<p class="alert error" role="alert">${this.errorText(list.error)}</p>` : nothing}
      ${
        list.hasMore
          ? html`<div class="load-more">
              <button
                class="button"
                type="button"
                ?disabled=${list.loadingMore}
                @click=${() => void list.loadMore()}
              >
                ${list.loadingMore ? this.t('common.loading') : this.t('common.load_more')}
              </button>
            </div>`
          : nothing
      }
    `;
  }

  private renderRow(item: EvidenceItem) {
    const lang = this.ctx.lang;
    const verdict = this.verdicts.get(item.id);
    const format = item.format === undefined ? undefined : this.formatName(item.format);
    const event = [item.camera, item.label, format]
      .filter((part) => part !== undefined && part !== '')
      .join(' · ');
    return html`
      <tr data-testid="evidence-row" data-id=${item.id}>
        <td data-label=${this.t('evidence.file')}>
          <div>
            <span class="file">${item.file_name}</span><br />
            <span class="mono hash" title=${item.sha256}>SHA-256 ${item.sha256.slice(0, 16)}…</span>
            ${item.reason !== undefined ? html`<br /><span class="muted">${item.reason}</span>` : nothing}
          </div>
        </td>
        <td data-label=${this.t('evidence.event')}>${event || item.event_id}</td>
        <td data-label=${this.t('evidence.created')}>
          <span
            >${formatDateTime(item.created_at, lang)}${item.actor_email !== undefined ? html`<br /><span class="muted">${item.actor_email}</span>` : nothing}</span
          >
        </td>
        <td class="nowrap" data-label=${this.t('evidence.size')}>
          ${formatBytes(item.size, lang)}
        </td>
        <td class="actions-cell">
          <div class="actions">
            <a
              class="button small"
              data-testid="evidence-download"
              href=${this.ctx.http.url(item.download_url ?? `/api/evidence/${encodeURIComponent(item.id)}/download`)}
              download=${item.file_name}
              aria-label=${this.t('evidence.download_named', { file: item.file_name })}
              >${this.t('evidence.download')}</a
            >
            <button
              class="button small"
              type="button"
              data-testid="evidence-manifest"
              aria-label=${this.t('evidence.manifest_named', { file: item.file_name })}
              @click=${() => void this.manifestDialog.show(this.ctx.http, item)}
            >
              ${this.t('evidence.manifest')}
            </button>
            <button
              class="button small"
              type="button"
              data-testid="evidence-verify"
              aria-label=${this.t('evidence.verify_named', { file: item.file_name })}
              ?disabled=${verdict?.kind === 'checking'}
              @click=${() => void this.verify(item)}
            >
              ${verdict?.kind === 'checking' ? this.t('evidence.verifying') : this.t('evidence.verify')}
            </button>
          </div>
          ${this.renderVerdict(verdict)}
        </td>
      </tr>
    `;
  }

  private formatName(format: string): string {
    if (format === 'mp4') return this.t('evidence.format_mp4');
    if (format === 'jpg') return this.t('evidence.format_jpg');
    return format;
  }

  private renderVerdict(verdict: Verdict | undefined) {
    if (verdict === undefined || verdict.kind === 'checking') return nothing;
    const text =
      verdict.kind === 'match'
        ? this.t('evidence.match')
        : verdict.kind === 'mismatch'
          ? this.t('evidence.mismatch')
          : this.t('evidence.verify_failed');
    const badge = verdict.kind === 'match' ? 'ok' : 'bad';
    return html`<span
      class="verdict"
      role="status"
      data-testid="evidence-verdict"
      data-verdict=${verdict.kind}
    >
      <span class="badge ${badge}">${text}</span>
      ${verdict.detail !== '' ? html`<span class="muted">${verdict.detail}</span>` : nothing}
    </span>`;
  }

  private async verify(item: EvidenceItem): Promise<void> {
    this.setVerdict(item.id, { kind: 'checking' });
    try {
      const result = await this.ctx.http.post<EvidenceVerification>(
        `/api/evidence/${encodeURIComponent(item.id)}/verify`,
        {},
      );
      const detail = verificationDetail(result, this.ctx.lang);
      this.setVerdict(item.id, {
        kind: verificationMatches(result) ? 'match' : 'mismatch',
        detail,
      });
    } catch (error) {
      this.setVerdict(item.id, { kind: 'error', detail: this.errorText(error) });
    }
  }

  private setVerdict(id: string, verdict: Verdict): void {
    const next = new Map(this.verdicts);
    next.set(id, verdict);
    this.verdicts = next;
  }
}

customElements.define('cen-evidence-view', CenEvidenceView);
