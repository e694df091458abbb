import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Page, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deepText,
  DESKTOP,
  openPage,
  PHONE,
  screenshot,
  seriousViolations,
  signIn,
  type TrackedPage,
} from './support/browser';
import { startHarness, type PortalHarness } from './support/harness';
import { ADMIN_EMAIL, ADMIN_PASSWORD, SITE_ID } from './support/portal-core';

const NEW_USER = 'pedro@example.com';
const NEW_PASSWORD = 'violet harbour seventeen lamps';

let harness: PortalHarness;
let desktop: TrackedPage;
let remoteDir: string;
const writes: { method: string; path: string; body: unknown }[] = [];

beforeAll(async () => {
  remoteDir = await mkdtemp(join(tmpdir(), 'centinela-portal-remote-'));
  harness = await startHarness();
  desktop = await openPage(harness.browser, { viewport: DESKTOP });
  desktop.page.on('request', (request: Request) => {
    if (request.method() === 'GET' || !request.url().includes('/api/')) return;
    const path = new URL(request.url()).pathname;
    writes.push({ method: request.method(), path, body: request.postDataJSON() as unknown });
  });
  await desktop.page.goto(`${harness.url}/`);
  await signIn(desktop.page, ADMIN_EMAIL, ADMIN_PASSWORD);
});

afterAll(async () => {
  await desktop?.context.close();
  await harness?.close();
  if (remoteDir !== undefined) await rm(remoteDir, { recursive: true, force: true });
});

async function open(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((target) => (location.hash = target), hash);
  await page.getByTestId(ready).first().waitFor();
}

function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

describe('sites and plugins', () => {
  it('installs the backup plugin from its schema form', async () => {
    const page = desktop.page;
    await open(page, '#/plugins', 'plugin-gdrive-backup');
    const plugin = page.getByTestId('plugin-gdrive-backup');
    expect(await plugin.textContent()).toContain('Not installed');
    await page.getByTestId('plugin-configure-gdrive-backup').click();
    const form = page.getByTestId('plugin-config-form');
    await form.waitFor();
    expect(await form.getByTestId('field-config.remote').inputValue()).toBe('local');
    const retention = form.getByTestId('field-config.retention_days');
    expect(await retention.getAttribute('type')).toBe('number');
    expect(await retention.getAttribute('min')).toBe('1');
    expect(await retention.getAttribute('max')).toBe('3650');
    expect(await retention.inputValue()).toBe('30');
    expect(await form.getByTestId('field-config.include.clips').isChecked()).toBe(true);
    expect(
      await form.getByTestId('field-config.day_mode').locator('option').allTextContents(),
    ).toEqual(['utc-day', 'local-day']);
    expect(await form.getByTestId('field-config.rclone_config_pass').getAttribute('type')).toBe(
      'password',
    );
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'plugins-form');

    const before = writes.length;
    await retention.fill('0');
    await form.getByTestId('plugin-save').click();
    await expect
      .poll(() => form.getByTestId('field-error-config.retention_days').textContent())
      .toContain('1 or more');
    expect(await retention.getAttribute('aria-invalid')).toBe('true');
    expect(writes.length).toBe(before);

    await retention.fill('45');
    await form.getByTestId('field-config.local_remote_dir').fill(remoteDir);
    // A schedule that does not fire during the test: midnight on January 1.
    await form.getByTestId('field-config.schedule').fill('0 0 1 1 *');
    await form.getByTestId('plugin-save').click();
    await expect
      .poll(() => page.getByTestId('plugins-notice').textContent())
      .toContain('gdrive-backup installed');
    expect(await plugin.textContent()).toContain('Installed and enabled');
    const put = writes.at(-1);
    expect(put?.method).toBe('PUT');
    expect(put?.path).toBe(`/api/sites/${SITE_ID}/plugins/gdrive-backup`);
    expect(put?.body).toMatchObject({
      config: { retention_days: 45, local_remote_dir: remoteDir, schedule: '0 0 1 1 *' },
    });
  });

  it('shows why a plugin that others depend on cannot be removed', async () => {
    const page = desktop.page;
    await page.getByTestId('plugin-remove-frigate-events').click();
    const dialog = page.getByTestId('remove-plugin-dialog');
    await dialog.getByTestId('remove-confirm').click();
    await expect.poll(() => dialog.getByRole('alert').textContent()).toContain('evidence-vault');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'plugins-remove-refused');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await page.getByTestId('plugin-frigate-events').textContent()).toContain(
      'Installed and enabled',
    );
  });
});

describe('backups', () => {
  it('shows the storage forecast from the recordings', async () => {
    const page = desktop.page;
    await open(page, '#/backups', 'backup-forecast');
    // The simulator writes its first recording segments about 10 s after it starts.
    const total = page.getByTestId('backup-forecast-total');
    await expect
      .poll(
        async () => {
          if ((await total.count()) > 0) return total.textContent();
          await page.getByTestId('backup-forecast-refresh').click();
          return '';
        },
        { timeout: 20_000, interval: 1000 },
      )
      .toMatch(/\d GB/);
    const forecast = page.locator('cen-backup-forecast');
    expect(await forecast.locator('tbody td:first-child').allTextContents()).toEqual([
      'entrada',
      'patio',
    ]);
    expect(await deepText(forecast)).toContain('retention of 45 days');
    expect(await deepText(forecast)).toContain(`recordings of ${todayUtc()}`);
  });

  it('runs a backup of today and follows its progress live', async () => {
    const page = desktop.page;
    // Records whether a progress bar was ever shown: the run may finish within a second.
    await page.evaluate(() => {
      const seen = { progress: false };
      (window as unknown as { seenProgress: typeof seen }).seenProgress = seen;
      const view = () =>
        document.querySelector('centinela-portal')?.shadowRoot?.querySelector('cen-backups-view')
          ?.shadowRoot;
      const check = () => {
        if (view()?.querySelector('[data-testid="backup-progress"] [role="progressbar"]'))
          seen.progress = true;
      };
      const observer = new MutationObserver(check);
      const root = view();
      if (root !== undefined && root !== null)
        observer.observe(root, { subtree: true, childList: true, attributes: true });
    });
    await page.getByTestId('backup-day').fill(todayUtc());
    await page.getByTestId('backup-run').click();
    await expect
      .poll(() => page.getByTestId('backup-start-result').textContent())
      .toContain(todayUtc());
    const row = page.getByTestId('backup-run-row').first();
    expect(await row.textContent()).toContain(todayUtc());
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('ok');
    expect(
      await page.evaluate(
        () => (window as unknown as { seenProgress: { progress: boolean } }).seenProgress.progress,
      ),
    ).toBe(true);
    expect(await page.getByTestId('backup-progress').count()).toBe(0);
    expect((await readdir(remoteDir)).length).toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backups');
  });

  it('starts a dry run and shows the run detail', async () => {
    const page = desktop.page;
    await page.getByTestId('backup-dry-run').click();
    const row = page.getByTestId('backup-run-row').first();
    await expect.poll(() => row.textContent()).toContain('Dry run');
    await expect
      .poll(() => row.locator('[data-status]').getAttribute('data-status'), { timeout: 20_000 })
      .toBe('ok');
    await row.getByRole('link').click();
    await page.getByTestId('backup-detail').waitFor();
    expect(await page.locator('h1').textContent()).toContain(todayUtc());
    expect(await page.getByTestId('backup-detail').textContent()).toContain('Listed');
    const jobs = page.getByTestId('backup-jobs');
    expect(await jobs.textContent()).toContain(`local:centinela/recordings/${todayUtc()}`);
    expect(await jobs.textContent()).toContain('does not exist');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'backup-detail');
  });
});

describe('users and roles', () => {
  let oneTimePassword = '';

  it('creates a user with a camera scope and shows the one-time password once', async () => {
    const page = desktop.page;
    await open(page, '#/users', 'user-row');
    await page.getByTestId('user-add').click();
    const dialog = page.getByTestId('user-dialog');
    await dialog.getByTestId('user-email').fill(ADMIN_EMAIL);
    await dialog.getByTestId('user-display-name').fill('Pedro');
    await dialog.getByTestId('user-role').selectOption('Admin');
    await dialog.getByTestId('scope-some').check();
    await dialog.getByLabel('patio').check();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'users-add');
    await dialog.getByTestId('user-save').click();
    await expect
      .poll(() => dialog.locator('#email-error').textContent())
      .toContain('already exists');

    await dialog.getByTestId('user-email').fill(NEW_USER);
    await dialog.getByTestId('user-save').click();
    const secret = page.getByTestId('one-time-password');
    await expect.poll(() => secret.textContent()).toMatch(/^[A-Za-z2-9]{20}$/);
    oneTimePassword = (await secret.textContent()) ?? '';
    await page.getByTestId('secret-done').click();
    expect(await secret.textContent()).toBe('');
    const row = page.locator(`[data-testid="user-row"][data-email="${NEW_USER}"]`);
    expect(await row.textContent()).toContain('patio');
    expect(await row.textContent()).toContain('Administrator');
    const created = writes.filter((write) => write.path === '/api/users').at(-1);
    expect(created?.body).toMatchObject({ email: NEW_USER, role: 'Admin' });
    expect((created?.body as { camera_scope: string[] }).camera_scope).toHaveLength(1);
  });

  it('lets the new user set a password and see only the scoped camera', async () => {
    const phone = await openPage(harness.browser, { viewport: PHONE });
    const page = phone.page;
    await page.goto(`${harness.url}/`);
    await page.getByTestId('login-email').fill(NEW_USER);
    await page.getByTestId('login-password').fill(oneTimePassword);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('password-new').fill(NEW_PASSWORD);
    await page.getByTestId('password-confirm').fill(NEW_PASSWORD);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'password-change');
    await page.getByTestId('password-submit').click();
    await page.getByTestId('main-nav').waitFor();

    const items = page.getByTestId('events-card').locator('centinela-event-list-item');
    await items.first().waitFor({ timeout: 20_000 });
    const texts = await Promise.all((await items.all()).map((item) => deepText(item)));
    expect(texts.filter((text) => !text.includes('patio') || text.includes('entrada'))).toEqual([]);
    expect(await page.getByTestId('nav-users').count()).toBe(0);
    expect(await page.getByTestId('nav-evidence').count()).toBe(1);
    await screenshot(page, 'events-scoped');

    // Disabling the account from the desktop signs this phone out at its next request.
    const desktopPage = desktop.page;
    const row = desktopPage.locator(`[data-testid="user-row"][data-email="${NEW_USER}"]`);
    await row.getByTestId('user-edit').click();
    const dialog = desktopPage.getByTestId('user-dialog');
    await dialog.getByTestId('user-role').selectOption('ReadOnly');
    await dialog.getByTestId('user-active').uncheck();
    await dialog.getByTestId('user-save').click();
    await expect.poll(() => row.textContent()).toContain('Read only');
    expect(await row.textContent()).toContain('Inactive');

    await page.getByTestId('nav-cameras').click();
    await page.getByTestId('login-email').waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('session ended');
    await phone.context.close();
  });

  it('resets a password after confirmation', async () => {
    const page = desktop.page;
    const row = page.locator(`[data-testid="user-row"][data-email="${NEW_USER}"]`);
    await row.getByTestId('user-reset-password').click();
    await page.getByTestId('confirm-ok').click();
    const secret = page.getByTestId('one-time-password');
    await expect.poll(() => secret.textContent()).toMatch(/^[A-Za-z2-9]{20}$/);
    expect(await secret.textContent()).not.toBe(oneTimePassword);
    await page.getByTestId('secret-done').click();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'users');
  });
});

describe('audit log', () => {
  it('filters by an action prefix', async () => {
    const page = desktop.page;
    await open(page, '#/audit', 'audit-row');
    await page.getByTestId('audit-filter-action').fill('user.*');
    await page.getByTestId('audit-apply').click();
    await expect
      .poll(async () => {
        const actionsShown = await page
          .getByTestId('audit-row')
          .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
        // While the filtered page loads there are no rows, which must not count as filtered.
        return (
          actionsShown.length > 0 && actionsShown.every((action) => action?.startsWith('user.'))
        );
      })
      .toBe(true);
    const actions = await page
      .getByTestId('audit-row')
      .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action')));
    expect(actions).toContain('user.create');
    expect(actions).toContain('user.update');
  });

  it('marks the first changed entry when the chain is broken', async () => {
    const page = desktop.page;
    const tampered = await tamperWithAuditEntry(harness.core.database.url);
    await page.getByTestId('audit-verify').click();
    const chain = page.getByTestId('audit-chain');
    await expect.poll(() => chain.getAttribute('data-state')).toBe('broken');
    expect(await chain.textContent()).toContain(`entry ${tampered}`);
    expect(await chain.textContent()).toContain('was changed');

    await page.getByRole('button', { name: 'Clear' }).click();
    const broken = page.locator('[data-testid="audit-row"][data-broken="true"]');
    // The tampered entry is among the oldest: load pages until its row is shown.
    const more = page.getByTestId('audit-load-more');
    await expect
      .poll(
        async () => {
          if ((await broken.count()) > 0) return true;
          if ((await more.count()) > 0 && !(await more.isDisabled())) await more.click();
          return false;
        },
        { timeout: 15_000 },
      )
      .toBe(true);
    expect(await broken.count()).toBe(1);
    expect(await broken.textContent()).toContain('Chain breaks here');
    expect(await seriousViolations(page)).toEqual([]);
    await broken.scrollIntoViewIfNeeded();
    await screenshot(page, 'audit-broken');
  });
});

describe('admin screens on a phone', () => {
  it('keeps every admin screen usable at 390 px', async () => {
    const page = desktop.page;
    await page.setViewportSize(PHONE);
    const screens: [string, string][] = [
      ['backups', 'backup-run-row'],
      ['users', 'user-row'],
      ['plugins', 'plugin-gdrive-backup'],
      ['audit', 'audit-row'],
    ];
    for (const [name, ready] of screens) {
      await open(page, `#/${name}`, ready);
      expect(await seriousViolations(page), name).toEqual([]);
      const overflow = await page.evaluate(
        () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
      );
      expect(overflow, name).toBeLessThanOrEqual(0);
      await screenshot(page, name);
    }
    expect(desktop.cspErrors).toEqual([]);
  });
});

/**
 * Changes the details of the third audit entry the way someone with database access could:
 * as the PostgreSQL superuser, with the append-only trigger bypassed. Returns its id.
 */
async function tamperWithAuditEntry(databaseUrl: string): Promise<string> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('begin');
    await client.query('set local session_replication_role = replica');
    const result = await client.query<{ id: string }>(
      `update audit_log set details = '{"role":"ReadOnly"}'::jsonb
       where id = (select id from audit_log order by id offset 2 limit 1)
       returning id::text as id`,
    );
    await client.query('commit');
    const id = result.rows[0]?.id;
    if (id === undefined) throw new Error('The audit log has fewer than three entries.');
    return id;
  } finally {
    await client.end();
  }
}
