import { css, html, nothing, type TemplateResult } from 'lit';
import type { BackupRun } from '../api/types';
import { formatBytes, formatDateTime, formatDuration } from '../format';
import { t, type Language, type TranslationKey } from '../i18n';
import type { RunProgress } from './backup-progress';

const STATUS_BADGES: Record<string, { key: TranslationKey; tone: string }> = {
  ok: { key: 'backups.status_ok', tone: 'ok' },
  succeeded: { key: 'backups.status_ok', tone: 'ok' },
  running: { key: 'backups.status_running', tone: 'info' },
  queued: { key: 'backups.status_queued', tone: 'info' },
  partial: { key: 'backups.status_partial', tone: 'warn' },
  failed: { key: 'backups.status_failed', tone: 'bad' },
  skipped: { key: 'backups.status_skipped', tone: '' },
};

/** Badge of a run or job status; a dry run that ends `ok` checked nothing, so it is not "verified". */
export function statusBadge(status: string, lang: Language, dryRun = false): TemplateResult {
  const known =
    dryRun && status === 'ok'
      ? { key: 'backups.status_dry_ok' as const, tone: 'ok' }
      : STATUS_BADGES[status];
  const label = known === undefined ? status : t(known.key, lang);
  return html`<span class="badge ${known?.tone ?? ''}" data-status=${status}>${label}</span>`;
}

/** Adds a line-break opportunity after each `/` of a remote path, so that it wraps between folders. */
function breakablePath(path: string): TemplateResult[] {
  return path
    .split('/')
    .map((part, index, parts) =>
      index < parts.length - 1
        ? html`<span class="segment">${part}/</span><wbr />`
        : html`<span class="segment">${part}</span>`,
    );
}

const TRIGGERS: Record<string, TranslationKey> = {
  manual: 'backups.trigger_manual',
  schedule: 'backups.trigger_schedule',
  'catch-up': 'backups.trigger_catch_up',
};

/** Names how a run started: by hand, by the nightly schedule, or as a catch-up after downtime. */
export function triggerLabel(trigger: string, lang: Language): string {
  const key = TRIGGERS[trigger];
  return key === undefined ? trigger : t(key, lang);
}

export const backupStyles = css`
  .progress {
    display: flex;
    flex-direction: column;
    gap: 4px;
    margin-top: 6px;
    font-size: 0.85rem;
  }
  .bar {
    height: 8px;
    border-radius: 999px;
    background: #e1e6ec;
    overflow: hidden;
    min-width: 120px;
  }
  .bar span {
    display: block;
    height: 100%;
    background: var(--c-primary);
    transition: width 0.3s;
  }
  dl.summary {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(130px, 1fr));
    gap: 12px 16px;
    margin: 0;
  }
  dl.summary dt {
    font-size: 0.8rem;
    color: var(--c-muted);
    font-weight: 600;
  }
  dl.summary dd {
    margin: 2px 0 0;
    font-weight: 600;
  }
  .path {
    overflow-wrap: normal;
  }
  .segment,
  td.nowrap {
    white-space: nowrap;
  }
  pre.log {
    background: #101820;
    color: #e6edf3;
    border-radius: 8px;
    padding: 12px;
    overflow: auto;
    max-height: 360px;
    font-size: 0.8rem;
    margin: 0;
  }
`;

/** Detail of one backup run: summary, per-job results, errors and the rclone log excerpt. */
export function renderRunDetail(
  run: BackupRun,
  lang: Language,
  back: TemplateResult,
  progress: RunProgress | undefined,
  renderProgress: (progress: RunProgress) => TemplateResult,
): TemplateResult {
  const tr = (key: TranslationKey, values?: Record<string, string | number>) =>
    t(key, lang, values);
  return html`
    <div class="page-header">
      <div>
        <h1>${tr('backups.detail_title', { day: run.day })}</h1>
        <p>
          ${run.dry_run ? tr('backups.dry_badge') : tr('backups.real_run')}${run.trigger !== undefined ? ` · ${triggerLabel(run.trigger, lang)}` : ''}
        </p>
      </div>
      ${back}
    </div>
    <section class="panel" aria-label=${tr('backups.summary')} data-testid="backup-detail">
      <dl class="summary">
        <div>
          <dt>${tr('backups.status')}</dt>
          <dd>${statusBadge(run.status, lang, run.dry_run)}</dd>
        </div>
        <div>
          <dt>${tr('backups.started_at')}</dt>
          <dd>${formatDateTime(run.started_at, lang)}</dd>
        </div>
        <div>
          <dt>${tr('backups.duration')}</dt>
          <dd>${formatDuration(run.started_at, run.finished_at)}</dd>
        </div>
        <div>
          <dt>${tr('backups.size')}</dt>
          <dd>${formatBytes(run.bytes, lang)}</dd>
        </div>
        <div>
          <dt>${tr('backups.files_label')}</dt>
          <dd>${run.files ?? '—'}</dd>
        </div>
        <div>
          <dt>${tr('backups.checks')}</dt>
          <dd>${run.checks ?? '—'}</dd>
        </div>
      </dl>
      ${progress !== undefined ? renderProgress(progress) : nothing}
    </section>
    ${
      (run.errors ?? []).length > 0
        ? html`<section class="panel" aria-labelledby="errors-title">
            <h2 id="errors-title">${tr('backups.errors')}</h2>
            <ul>
              ${(run.errors ?? []).map(
                (error) =>
                  html`<li>
                    <strong>${error.job ?? ''}</strong> ${error.message}
                    ${error.code !== undefined ? html`<span class="mono muted">${error.code}</span>` : nothing}
                  </li>`,
              )}
            </ul>
          </section>`
        : nothing
    }
    ${
      (run.jobs ?? []).length > 0
        ? html`<section aria-labelledby="jobs-title">
            <h2 id="jobs-title">${tr('backups.jobs')}</h2>
            <div class="table-wrap">
              <table class="stack-mobile" data-testid="backup-jobs">
                <thead>
                  <tr>
                    <th scope="col">${tr('backups.job')}</th>
                    <th scope="col">${tr('backups.status')}</th>
                    <th scope="col">${tr('backups.size')}</th>
                    <th scope="col">${tr('backups.files_label')}</th>
                    <th scope="col">${tr('backups.checks')}</th>
                  </tr>
                </thead>
                <tbody>
                  ${(run.jobs ?? []).map(
                    (job) =>
                      html`<tr>
                        <td data-label=${tr('backups.job')}>
                          <span
                            >${job.kind}${job.destination ? html`<br /><span class="mono muted path">${breakablePath(job.destination)}</span>` : nothing}</span
                          >
                        </td>
                        <td data-label=${tr('backups.status')}>
                          <span
                            >${statusBadge(job.status, lang, run.dry_run)}${job.error != null ? html`<br /><span class="muted">${job.error.message}</span>` : nothing}${job.reason ? html`<br /><span class="muted">${job.reason}</span>` : nothing}</span
                          >
                        </td>
                        <td class="nowrap" data-label=${tr('backups.size')}>
                          ${formatBytes(job.bytes, lang)}
                        </td>
                        <td class="nowrap" data-label=${tr('backups.files_label')}>
                          ${job.files ?? '—'}
                        </td>
                        <td class="nowrap" data-label=${tr('backups.checks')}>
                          ${job.checks ?? '—'}
                        </td>
                      </tr>`,
                  )}
                </tbody>
              </table>
            </div>
          </section>`
        : nothing
    }
    ${
      run.log_excerpt !== undefined && run.log_excerpt !== ''
        ? html`<section class="panel" aria-labelledby="log-title" style="margin-top: 16px">
            <h2 id="log-title">${tr('backups.log')}</h2>
            <pre class="log" tabindex="0">${run.log_excerpt}</pre>
          </section>`
        : nothing
    }
  `;
}
