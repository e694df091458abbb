import { css, html, nothing } from 'lit';
import { state } from 'lit/decorators.js';
import type { AuditChainState, AuditEntry, Page } from '../api/types';
import { PagedList } from '../components/paged-list';
import '../components/state-view';
import { formatDateTime, localInputToIso } from '../format';
import { portalStyles } from '../styles/theme';
import { auditDetailsStyles, renderAuditDetails } from './audit-details';
import { PortalView } from './portal-view';

interface AuditFilter {
  from: string;
  to: string;
  actor: string;
  action: string;
}

const EMPTY_FILTER: AuditFilter = { from: '', to: '', actor: '', action: '' };

/** Checks whether an entry is the first one whose hash does not continue the chain. */
export function isBrokenEntry(entry: AuditEntry, chain: AuditChainState | undefined): boolean {
  if (chain === undefined || chain.valid) return false;
  return chain.first_broken !== null && entry.id === chain.first_broken.id;
}

/** Audit log (SuperAdmin): filters, keyset pages and the state of the hash chain. */
export class CenAuditView extends PortalView {
  static override styles = [
    portalStyles,
    auditDetailsStyles,
    css`
      .filters-box > summary {
        cursor: pointer;
        font-weight: 600;
        min-height: 28px;
      }
      .filters-box[open] > summary {
        margin-bottom: 12px;
      }
      .filters {
        display: grid;
        grid-template-columns: repeat(auto-fit, minmax(200px, 1fr));
        gap: 0 12px;
        align-items: start;
      }
      .filters .actions {
        grid-column: 1 / -1;
        margin-bottom: 4px;
      }
      tr.broken td {
        background: var(--c-danger-tint);
      }
      tr.broken td:first-child {
        box-shadow: inset 4px 0 0 var(--c-danger);
      }
      .action {
        white-space: nowrap;
      }
    `,
  ];

  @state() private chain: AuditChainState | undefined;
  @state() private chainError: unknown;
  @state() private filter: AuditFilter = { ...EMPTY_FILTER };
  /** Filters start folded on phones, where they would fill the first screen. */
  private readonly filtersOpen = window.matchMedia('(min-width: 700px)').matches;
  private readonly list = new PagedList<AuditEntry>(
    (cursor, signal) =>
      this.ctx.http.get<Page<AuditEntry>>('/api/audit', {
        query: {
          cursor,
          limit: 50,
          from: localInputToIso(this.filter.from),
          to: localInputToIso(this.filter.to),
          actor: this.filter.actor.trim(),
          action: this.filter.action.trim(),
        },
        signal,
      }),
    () => this.requestUpdate(),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.list.reload();
    void this.loadChain();
  }

  override disconnectedCallback(): void {
    this.list.dispose();
    super.disconnectedCallback();
  }

  private async loadChain(): Promise<void> {
    this.chain = undefined;
    this.chainError = undefined;
    try {
      this.chain = await this.ctx.http.get<AuditChainState>('/api/audit/verify');
    } catch (error) {
      this.chainError = error;
    }
  }

  protected override render() {
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('audit.title')}</h1>
          <p>${this.t('audit.lead')}</p>
        </div>
        <button
          class="button"
          type="button"
          data-testid="audit-verify"
          @click=${() => void this.loadChain()}
        >
          ${this.t('audit.verify_again')}
        </button>
      </div>
      ${this.renderChain()}
      <details class="panel filters-box" ?open=${this.filtersOpen}>
        <summary>
          ${this.t('audit.filters_toggle')}${this.activeFilterCount() > 0 ? ` (${this.activeFilterCount()})` : ''}
        </summary>
        <form
          class="filters"
          role="search"
          aria-label=${this.t('audit.filters')}
          @submit=${this.onFilter}
        >
          ${this.renderFilterField('from', 'audit.from', 'datetime-local')}
          ${this.renderFilterField('to', 'audit.to', 'datetime-local')}
          ${this.renderFilterField('actor', 'audit.actor', 'text')}
          ${this.renderFilterField('action', 'audit.action', 'text')}
          <div class="actions">
            <button class="button primary" type="submit" data-testid="audit-apply">
              ${this.t('common.apply')}
            </button>
            <button class="button" type="button" @click=${this.clearFilter}>
              ${this.t('common.clear')}
            </button>
          </div>
        </form>
      </details>
      ${this.renderList()}
    `;
  }

  private renderFilterField(
    name: keyof AuditFilter,
    label: 'audit.from' | 'audit.to' | 'audit.actor' | 'audit.action',
    type: string,
  ) {
    return html`<div class="field">
      <label for="filter-${name}">${this.t(label)}</label>
      <input
        id="filter-${name}"
        name=${name}
        type=${type}
        data-testid="audit-filter-${name}"
        placeholder=${this.placeholderFor(name)}
        .value=${this.filter[name]}
        @input=${(event: Event) => (this.filter = { ...this.filter, [name]: (event.target as HTMLInputElement).value })}
      />
    </div>`;
  }

  private activeFilterCount(): number {
    return Object.values(this.filter).filter((value) => value.trim() !== '').length;
  }

  private placeholderFor(name: keyof AuditFilter): string {
    if (name === 'action') return 'evidence.export';
    if (name === 'actor') return this.t('audit.actor_placeholder');
    return '';
  }

  private renderChain() {
    if (this.chainError !== undefined) {
      return html`<p
        class="alert warning"
        role="alert"
        data-testid="audit-chain"
        data-state="unknown"
      >
        ${this.t('audit.chain_unknown')} ${this.errorText(this.chainError)}
      </p>`;
    }
    const chain = this.chain;
    if (chain === undefined) {
      return html`<p
        class="alert info"
        role="status"
        data-testid="audit-chain"
        data-state="checking"
      >
        ${this.t('audit.chain_checking')}
      </p>`;
    }
    if (chain.valid) {
      return html`<p class="alert success" role="status" data-testid="audit-chain" data-state="ok">
        <strong>${this.t('audit.chain_ok')}</strong>
        ${this.t('audit.chain_checked', { count: chain.checked })}
      </p>`;
    }
    const broken = chain.first_broken;
    const reason = broken === null ? '' : this.brokenReason(broken.reason);
    return html`<p class="alert error" role="alert" data-testid="audit-chain" data-state="broken">
      <strong>${this.t('audit.chain_broken', { entry: broken?.id ?? '?' })}</strong>
      ${broken !== null ? formatDateTime(broken.at, this.ctx.lang) : ''} ${reason}
    </p>`;
  }

  private brokenReason(reason: string): string {
    if (reason === 'hash_mismatch') return this.t('audit.hash_mismatch');
    if (reason === 'chain_mismatch') return this.t('audit.chain_mismatch');
    return reason;
  }

  private renderList() {
    const list = this.list;
    const state = this.renderListState(list, { error: 'audit.load_error', empty: 'audit.empty' });
    if (state !== null) return state;
    return html`
      <div class="table-wrap">
        <table class="stack-mobile" data-testid="audit-table">
          <caption class="visually-hidden">
            ${this.t('audit.title')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('audit.time')}</th>
              <th scope="col">${this.t('audit.actor')}</th>
              <th scope="col">${this.t('audit.action')}</th>
              <th scope="col">${this.t('audit.target')}</th>
              <th scope="col">${this.t('audit.address')}</th>
            </tr>
          </thead>
          <tbody>
            ${list.items.map((entry) => this.renderRow(entry))}
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
                data-testid="audit-load-more"
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

  private renderRow(entry: AuditEntry) {
    const broken = isBrokenEntry(entry, this.chain);
    const target = entry.resource ?? '';
    return html`
      <tr
        class=${broken ? 'broken' : ''}
        data-testid="audit-row"
        data-action=${entry.action}
        data-broken=${broken ? 'true' : 'false'}
      >
        <td data-label=${this.t('audit.time')}>
          <span>
            ${formatDateTime(entry.at ?? entry.created_at, this.ctx.lang)}
            ${broken ? html`<br /><span class="badge bad">${this.t('audit.broken_here')}</span>` : nothing}
          </span>
        </td>
        <td data-label=${this.t('audit.actor')}>
          ${entry.actor_email ?? entry.actor_id ?? this.t('audit.system')}
        </td>
        <td data-label=${this.t('audit.action')}>
          <span class="mono action">${entry.action}</span>
        </td>
        <td data-label=${this.t('audit.target')}>
          <div>
            <span class="mono">${target || '—'}</span>
            ${renderAuditDetails(entry.details)}
          </div>
        </td>
        <td data-label=${this.t('audit.address')}>${entry.address ?? '—'}</td>
      </tr>
    `;
  }

  private onFilter(event: SubmitEvent): void {
    event.preventDefault();
    void this.list.reload();
  }

  private clearFilter(): void {
    this.filter = { ...EMPTY_FILTER };
    void this.list.reload();
  }
}

customElements.define('cen-audit-view', CenAuditView);
