import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { totpCode } from './support/api';
import {
  DESKTOP,
  focusPath,
  openPage,
  PHONE,
  screenshot,
  seriousViolations,
  type TrackedPage,
} from './support/browser';
import { startHarness, type PortalHarness } from './support/harness';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/portal-core';

const REASON = 'Paquete robado del porche, denuncia 2026-114';

let harness: PortalHarness;
let tab: TrackedPage;
let secret = '';
let exportId = '';

beforeAll(async () => {
  harness = await startHarness();
  tab = await openPage(harness.browser, { viewport: DESKTOP });
});

afterAll(async () => {
  await tab?.context.close();
  await harness?.close();
});

async function open(page: Page, hash: string, ready: string): Promise<void> {
  await page.evaluate((target) => (location.hash = target), hash);
  await page.getByTestId(ready).first().waitFor();
}

describe('portal flow against the real core', () => {
  it('signs in with the password', async () => {
    const page = tab.page;
    await page.goto(`${harness.url}/`);
    await page.getByTestId('login-email').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'login');

    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('main-nav').waitFor();
    await expect.poll(() => page.title()).toBe('Events · Centinela');
    const cookies = await tab.context.cookies();
    expect(cookies.find((cookie) => cookie.name === 'centinela_access')?.httpOnly).toBe(true);
    expect(cookies.find((cookie) => cookie.name === 'centinela_csrf')?.httpOnly).toBe(false);
  });

  it('enrolls TOTP with the QR code and shows the recovery codes once', async () => {
    const page = tab.page;
    await open(page, '#/account', 'account-mfa');
    expect(await page.getByTestId('mfa-status').textContent()).toContain('Off');
    await page.getByTestId('mfa-enroll-start').click();
    await page.getByTestId('mfa-enroll-password').fill('not the password');
    await page.getByTestId('mfa-enroll-submit').click();
    await expect
      .poll(() => page.getByTestId('mfa-enroll-error').textContent())
      .toContain('current password is wrong');

    await page.getByTestId('mfa-enroll-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('mfa-enroll-submit').click();
    const qr = page.getByTestId('mfa-qr');
    await qr.waitFor();
    await expect
      .poll(() => qr.evaluate((image: HTMLImageElement) => image.naturalWidth))
      .toBeGreaterThan(100);
    secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(/\s+/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'mfa-enroll');

    await page.getByTestId('mfa-verify-code').fill(await totpCode(secret));
    await page.getByTestId('mfa-verify-submit').click();
    const codes = page.getByTestId('mfa-recovery-codes');
    await codes.waitFor();
    expect(await codes.locator('li').count()).toBe(10);
    expect(await page.getByTestId('mfa-secret').count()).toBe(0);
    expect(await page.getByTestId('mfa-done').isDisabled()).toBe(true);
    const download = page.waitForEvent('download');
    await page.getByTestId('mfa-recovery-download').click();
    const file = await (await download).path();
    const lines = (await readFile(file, 'utf8')).split('\n');
    expect(lines).toEqual(expect.arrayContaining(await codes.locator('li').allTextContents()));
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'mfa-codes');

    await page.getByTestId('mfa-codes-saved').check();
    await page.getByTestId('mfa-done').click();
    await expect.poll(() => page.getByTestId('mfa-status').textContent()).toContain('On');
    expect(await codes.count()).toBe(0);
  });

  it('signs in again with a TOTP code', async () => {
    const page = tab.page;
    await page.getByTestId('sign-out').click();
    await page.getByTestId('login-email').fill(ADMIN_EMAIL);
    await page.getByTestId('login-password').fill(ADMIN_PASSWORD);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('mfa-code').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'login-mfa');

    await page.getByTestId('mfa-code').fill('000000');
    await page.getByTestId('mfa-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('code is wrong');
    // The enrollment used this step's code, and a code is accepted only once.
    await page.getByTestId('mfa-code').fill(await totpCode(secret, 1));
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('main-nav').waitFor();
    // Signing in again keeps the screen the user was on.
    await expect.poll(() => page.title()).toBe('Account · Centinela');
    expect(await page.getByTestId('mfa-status').textContent()).toContain('On');
  });

  it('lists events from Frigate and plays a clip', async () => {
    const page = tab.page;
    await open(page, '#/events', 'events-card');
    const card = page.getByTestId('events-card');
    // The synthetic clips show a detection about every 9 s on each camera. The second
    // finished one is played: its recording segments are complete, so Frigate can cut its clip.
    const finished = card
      .locator('centinela-event-list-item')
      .filter({ hasNotText: 'In progress' })
      .filter({ hasNotText: 'No clip' });
    await finished.nth(1).waitFor({ timeout: 30_000 });
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'events');

    await finished.nth(1).locator('button.row').click();
    const video = page.locator('centinela-clip-dialog video');
    await expect
      .poll(() => video.getAttribute('src'))
      .toMatch(/^\/api\/events\/[0-9a-f-]{36}\/clip$/);
    await expect
      .poll(
        () =>
          video.evaluate(async (element: HTMLVideoElement) => {
            element.muted = true;
            await element.play().catch(() => undefined);
            if (element.readyState >= 2 && element.currentTime > 0) return 'playing';
            // Reported when the poll gives up, to tell a slow clip from a failed one.
            return `readyState ${element.readyState}, currentTime ${element.currentTime}, error ${element.error?.code ?? 'none'}`;
          }),
        { timeout: 15_000 },
      )
      .toBe('playing');
    await screenshot(page, 'events-clip');
  });

  it('exports the event as evidence with a reason', async () => {
    const page = tab.page;
    const responses: Promise<unknown>[] = [];
    page.on('response', (response) => {
      if (response.url().endsWith('/api/evidence/export')) responses.push(response.json());
    });
    await page.getByRole('button', { name: 'Export evidence' }).click();
    await page.getByLabel('Reason for the export').fill(REASON);
    await page.getByRole('button', { name: 'Export', exact: true }).click();
    const dialog = page.locator('centinela-export-dialog');
    await expect.poll(() => dialog.getByText('Export ready').count(), { timeout: 20_000 }).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'events-export');
    expect(responses).toHaveLength(1);
    const created = (await responses[0]) as { id: string; sha256: string };
    exportId = created.id;
    expect(created.sha256).toMatch(/^[0-9a-f]{64}$/);
    await page.keyboard.press('Escape');
    await page.keyboard.press('Escape');
  });

  it('verifies and downloads the export', async () => {
    const page = tab.page;
    await open(page, '#/evidence', 'evidence-row');
    const row = page.locator(`[data-testid="evidence-row"][data-id="${exportId}"]`);
    expect(await row.textContent()).toContain(REASON);
    await row.getByTestId('evidence-verify').click();
    await expect
      .poll(() => row.getByTestId('evidence-verdict').getAttribute('data-verdict'))
      .toBe('match');

    const download = page.waitForEvent('download');
    await row.getByTestId('evidence-download').click();
    const bytes = await readFile(await (await download).path());
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    expect(await row.locator('.hash').getAttribute('title')).toBe(sha256);

    await row.getByTestId('evidence-manifest').click();
    const manifest = page.getByTestId('manifest-dialog');
    await expect.poll(() => manifest.getByTestId('manifest-sha256').textContent()).toBe(sha256);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'evidence-manifest');
    await page.keyboard.press('Escape');
    await expect.poll(() => manifest.isVisible()).toBe(false);
    await screenshot(page, 'evidence');
  });

  it('finds the export in the audit log with the chain intact', async () => {
    const page = tab.page;
    await open(page, '#/audit', 'audit-row');
    await expect.poll(() => page.getByTestId('audit-chain').getAttribute('data-state')).toBe('ok');
    await page.getByTestId('audit-filter-action').fill('evidence.*');
    await page.getByTestId('audit-apply').click();
    await expect
      .poll(
        async () =>
          new Set(
            await page
              .getByTestId('audit-row')
              .evaluateAll((rows) => rows.map((row) => row.getAttribute('data-action'))),
          ),
      )
      .toEqual(new Set(['evidence.export', 'evidence.verify', 'evidence.download']));
    const exported = page.locator('[data-testid="audit-row"][data-action="evidence.export"]');
    expect(await exported.count()).toBe(1);
    expect(await exported.textContent()).toContain(`evidence/${exportId}`);
    expect(await exported.textContent()).toContain(ADMIN_EMAIL);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'audit');
  });

  it('reaches the main controls with the keyboard', async () => {
    const page = tab.page;
    await open(page, '#/audit', 'audit-row');
    // After a reload, Tab starts at the top of the document.
    await page.reload();
    await page.getByTestId('audit-row').first().waitFor();
    const reached: string[] = [];
    for (let press = 0; press < 30; press += 1) {
      await page.keyboard.press('Tab');
      reached.push(await focusPath(page));
    }
    for (const target of [
      'skip',
      'nav-events',
      'nav-audit',
      'nav-users',
      'nav-plugins',
      'nav-account',
      'language-select',
      'sign-out',
      'audit-verify',
      'audit-filter-action',
      'audit-apply',
    ]) {
      expect(reached, target).toContain(target);
    }
    await page.keyboard.press('Shift+Tab');
    // Focus a navigation link and follow it with Enter.
    for (let press = 0; press < 30 && (await focusPath(page)) !== 'nav-evidence'; press += 1) {
      await page.keyboard.press('Shift+Tab');
    }
    await page.keyboard.press('Enter');
    await page.getByTestId('evidence-row').first().waitFor();
    expect(await page.evaluate(() => location.hash)).toBe('#/evidence');

    // On the events screen, Tab continues from the screen into the card's filters and rows.
    await open(page, '#/events', 'events-card');
    await page.getByTestId('events-card').locator('button.row').first().waitFor();
    const inCard: string[] = [];
    for (let press = 0; press < 10 && inCard.at(-1) !== 'button.row'; press += 1) {
      await page.keyboard.press('Tab');
      inCard.push(await focusPath(page));
    }
    expect(inCard.filter((target) => target === 'select')).toHaveLength(4);
    expect(inCard.at(-1)).toBe('button.row');
    await page.keyboard.press('Enter');
    await page.locator('centinela-clip-dialog dialog[open]').waitFor();
    await page.keyboard.press('Escape');
  });

  it('fits every screen on a phone', async () => {
    const page = tab.page;
    await page.setViewportSize(PHONE);
    const screens: [string, string][] = [
      ['events', 'events-card'],
      ['cameras', 'cameras-card'],
      ['evidence', 'evidence-row'],
      ['audit', 'audit-row'],
      ['account', 'account-mfa'],
      ['more', 'more-account'],
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
    await page.setViewportSize(DESKTOP);
    await open(page, '#/cameras', 'cameras-card');
    await screenshot(page, 'cameras');
    expect(tab.cspErrors).toEqual([]);
  });
});
