import { CentinelaClient, type Subscription } from '@centinela/lovelace-cards';
import { css, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { BackupRun, Page } from '../api/types';
import { PagedList } from '../components/paged-list';
import '../components/state-view';
import { formatBytes, formatDateTime, formatDuration, yesterdayUtc } from '../format';
import { can } from '../permissions';
import { routeHref } from '../router';
import { portalStyles } from '../styles/theme';
import './backup-forecast';
import { isBackupMessage, progressFrom, upsertRun, type RunProgress } from './backup-progress';
import { backupStyles, renderRunDetail, statusBadge } from './backup-run-detail';
import { PortalView } from './portal-view';

/** Backups: storage forecast, manual and dry runs, run history and live progress. */
export class CenBackupsView extends PortalView {
  static override styles = [
    portalStyles,
    backupStyles,
    css`
      .run-form {
        display: flex;
        flex-wrap: wrap;
        gap: 12px;
        align-items: flex-end;
      }
      .run-form .field {
        margin: 0;
        min-width: 180px;
      }
      .columns {
        display: grid;
        gap: 16px;
        grid-template-columns: minmax(0, 1fr);
      }
      @media (min-width: 1400px) {
        .columns {
          grid-template-columns: minmax(0, 3fr) minmax(280px, 2fr);
          align-items: start;
        }
      }
      td.nowrap {
        white-space: nowrap;
      }
      .live {
        display: flex;
        align-items: center;
        gap: 6px;
        font-size: 0.85rem;
        color: var(--c-muted);
      }
      .dot {
        width: 10px;
        height: 10px;
        border-radius: 50%;
        background: #8a949f;
      }
      .dot.on {
        background: var(--c-success);
      }
    `,
  ];

  /** Run to show in detail (`#/backups/<id>`). */
  @property() runId: string | undefined;
  @state() private progress = new Map<string, RunProgress>();
  @state() private day = yesterdayUtc();
  @state() private starting: 'run' | 'dry' | undefined;
  @state() private startMessage: { kind: 'success' | 'error'; text: string } | undefined;
  @state() private detail: BackupRun | undefined;
  @state() private detailError: unknown;
  @state() private liveConnected = false;
  private subscription: Subscription | undefined;
  private readonly runs = new PagedList<BackupRun>(
    (cursor, signal) =>
      this.ctx.http.get<Page<BackupRun>>('/api/backups/runs', {
        query: { cursor, limit: 50 },
        signal,
      }),
    () => this.requestUpdate(),
  );

  override connectedCallback(): void {
    super.connectedCallback();
    void this.runs.reload();
    this.subscribe();
  }

  override disconnectedCallback(): void {
    this.subscription?.close();
    this.subscription = undefined;
    this.runs.dispose();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('runId')) void this.loadDetail();
  }

  private subscribe(): void {
    const siteId = this.siteId;
    if (siteId === undefined) return;
    const client = new CentinelaClient({ baseUrl: this.ctx.http.basePath, siteId });
    this.subscription = client.subscribe(`backups:${siteId}`, undefined, {
      onMessage: (message) => {
        if (isBackupMessage(message.data)) this.onBackupMessage(message.data);
      },
      onResync: () => void this.runs.reload(),
      onStatus: (status) => {
        this.liveConnected = status === 'open';
      },
    });
  }

  private onBackupMessage(message: Parameters<typeof progressFrom>[0]): void {
    const progress = progressFrom(message);
    const runId = message.run_id ?? message.run?.id;
    if (progress !== undefined && runId !== undefined) {
      const next = new Map(this.progress);
      next.set(runId, progress);
      this.progress = next;
    }
    if (message.run !== undefined) {
      this.runs.items = upsertRun(this.runs.items, message.run);
      if (message.run.status !== 'running' && this.progress.has(message.run.id)) {
        const next = new Map(this.progress);
        next.delete(message.run.id);
        this.progress = next;
      }
      if (this.detail?.id === message.run.id) this.detail = { ...this.detail, ...message.run };
      this.requestUpdate();
    }
  }

  private async loadDetail(): Promise<void> {
    this.detail = undefined;
    this.detailError = undefined;
    if (this.runId === undefined) return;
    try {
      this.detail = await this.ctx.http.get<BackupRun>(
        `/api/backups/runs/${encodeURIComponent(this.runId)}`,
      );
    } catch (error) {
      this.detailError = error;
    }
  }

  protected override render() {
    if (this.runId !== undefined) return this.renderDetail();
    return html`
      <div class="page-header">
        <div>
          <h1>${this.t('backups.title')}</h1>
          <p>${this.t('backups.lead')}</p>
        </div>
        <span class="live" role="status">
          <span class="dot ${this.liveConnected ? 'on' : ''}" aria-hidden="true"></span>
          ${this.t(this.liveConnected ? 'common.live_on' : 'common.live_off')}
        </span>
      </div>
      ${can(this.ctx.user, 'backups:run') ? this.renderRunForm() : nothing}
      <div class="columns">
        <section aria-labelledby="runs-title">
          <h2 id="runs-title">${this.t('backups.runs')}</h2>
          ${this.renderRuns()}
        </section>
        <section class="panel" aria-labelledby="forecast-title" data-testid="backup-forecast">
          <h2 id="forecast-title">${this.t('backups.forecast')}</h2>
          <cen-backup-forecast .ctx=${this.ctx}></cen-backup-forecast>
        </section>
      </div>
    `;
  }

  private renderRunForm() {
    return html`
      <form
        class="panel"
        aria-labelledby="run-title"
        @submit=${(event: SubmitEvent) => event.preventDefault()}
      >
        <h2 id="run-title">${this.t('backups.start_title')}</h2>
        ${
          this.startMessage !== undefined
            ? html`<p
                class="alert ${this.startMessage.kind}"
                role=${this.startMessage.kind === 'error' ? 'alert' : 'status'}
                data-testid="backup-start-result"
              >
                ${this.startMessage.text}
              </p>`
            : nothing
        }
        <div class="run-form">
          <div class="field">
            <label for="backup-day">${this.t('backups.day')}</label>
            <input
              id="backup-day"
              type="date"
              data-testid="backup-day"
              aria-describedby="backup-day-help"
              .value=${this.day}
              @input=${(event: Event) => (this.day = (event.target as HTMLInputElement).value)}
            />
          </div>
          <div class="actions">
            <button
              class="button primary"
              type="button"
              data-testid="backup-run"
              ?disabled=${this.starting !== undefined}
              @click=${() => void this.start(false)}
            >
              ${this.starting === 'run' ? this.t('backups.starting') : this.t('backups.run_now')}
            </button>
            <button
              class="button"
              type="button"
              data-testid="backup-dry-run"
              ?disabled=${this.starting !== undefined}
              @click=${() => void this.start(true)}
            >
              ${this.starting === 'dry' ? this.t('backups.starting') : this.t('backups.dry_run')}
            </button>
          </div>
        </div>
        <p id="backup-day-help" class="help">${this.t('backups.day_help')}</p>
      </form>
    `;
  }

  private async start(dryRun: boolean): Promise<void> {
    this.starting = dryRun ? 'dry' : 'run';
    this.startMessage = undefined;
    try {
      const run = await this.ctx.http.post<BackupRun>('/api/backups/runs', {
        day: this.day,
        dry_run: dryRun,
      });
      if (run !== undefined && typeof run === 'object' && 'id' in run)
        this.runs.items = upsertRun(this.runs.items, run);
      this.startMessage = {
        kind: 'success',
        text: this.t(dryRun ? 'backups.dry_started' : 'backups.started', { day: this.day }),
      };
    } catch (error) {
      this.startMessage = { kind: 'error', text: this.errorText(error) };
    } finally {
      this.starting = undefined;
    }
  }

  private renderRuns() {
    const list = this.runs;
    const state = this.renderListState(list, {
      error: 'backups.load_error',
      empty: 'backups.empty',
    });
    if (state !== null) return state;
    const lang = this.ctx.lang;
    return html`
      <div class="table-wrap">
        <table class="stack-mobile" data-testid="backup-runs">
          <caption class="visually-hidden">
            ${this.t('backups.runs')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${this.t('backups.day')}</th>
              <th scope="col">${this.t('backups.status')}</th>
              <th scope="col">${this.t('backups.started_at')}</th>
              <th scope="col">${this.t('backups.duration')}</th>
              <th scope="col">${this.t('backups.size')}</th>
            </tr>
          </thead>
          <tbody>
            ${list.items.map((run) => {
              const progress = this.progress.get(run.id);
              return html`<tr data-testid="backup-run-row" data-id=${run.id}>
                <td data-label=${this.t('backups.day')}>
                  <span>
                    <a href=${routeHref('backups', run.id)}>${run.day}</a>
                    ${run.dry_run ? html` <span class="badge info">${this.t('backups.dry_badge')}</span>` : nothing}
                  </span>
                </td>
                <td data-label=${this.t('backups.status')}>
                  <span
                    >${statusBadge(run.status, lang, run.dry_run)}
                    ${progress !== undefined ? this.renderProgress(progress) : nothing}</span
                  >
                </td>
                <td data-label=${this.t('backups.started_at')}>
                  ${formatDateTime(run.started_at, lang)}
                </td>
                <td class="nowrap" data-label=${this.t('backups.duration')}>
                  ${formatDuration(run.started_at, run.finished_at)}
                </td>
                <td class="nowrap" data-label=${this.t('backups.size')}>
                  <span
                    >${formatBytes(run.bytes, lang)}${run.files !== undefined ? html`<br /><span class="muted">${this.t('backups.files', { count: run.files })}</span>` : nothing}</span
                  >
                </td>
              </tr>`;
            })}
          </tbody>
        </table>
      </div>
      ${
        list.hasMore
          ? html`<div class="load-more">
              <button
                class="button"
                type="button"
                ?disabled=${list.loadingMore}
                @click=${() => void list.loadMore()}
              >
                ${this.t('common.load_more')}
              </button>
            </div>`
          : nothing
      }
    `;
  }

  private renderProgress(progress: RunProgress) {
    const label = this.t('backups.progress', { job: progress.job, phase: progress.phase });
    return html`<div class="progress" data-testid="backup-progress">
      <div
        class="bar"
        role="progressbar"
        aria-label=${label}
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${progress.percent ?? nothing}
      >
        <span style="width: ${progress.percent ?? 5}%"></span>
      </div>
      <span class="muted"
        >${label} · ${formatBytes(progress.bytes, this.ctx.lang)} /
        ${formatBytes(progress.totalBytes, this.ctx.lang)}</span
      >
    </div>`;
  }

  private renderDetail() {
    const back = html`<a class="button" href=${routeHref('backups')}
      >← ${this.t('backups.back')}</a
    >`;
    if (this.detailError !== undefined) {
      return html`${back}<cen-state
          kind="error"
          .message=${this.t('backups.detail_error')}
          .detail=${this.errorText(this.detailError)}
        ></cen-state>`;
    }
    if (this.detail === undefined)
      return html`${back}<cen-state
          kind="loading"
          .message=${this.t('common.loading')}
        ></cen-state>`;
    return renderRunDetail(
      this.detail,
      this.ctx.lang,
      back,
      this.progress.get(this.detail.id),
      (progress) => this.renderProgress(progress),
    );
  }
}

customElements.define('cen-backups-view', CenBackupsView);
