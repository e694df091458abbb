import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiLogin, totpCode, type ApiSession } from './support/api';
import { DESKTOP, openPage, PHONE, screenshot, seriousViolations, signIn } from './support/browser';
import { startHarness, type PortalHarness } from './support/harness';
import { INGRESS_PREFIX, startIngressProxy, type IngressProxy } from './support/ingress-proxy';
import { ADMIN_EMAIL, ADMIN_PASSWORD } from './support/portal-core';

const VIEWER = { email: 'marta@example.com', password: 'quiet meadow under rain 9' };
const RECOVERING = { email: 'luis@example.com', password: 'seven paper kites at dusk' };
const ENROLLING = { email: 'sofia@example.com', password: 'amber river stone bridge' };

let harness: PortalHarness;
let proxy: IngressProxy;
let admin: ApiSession;
let recoveryCodes: string[] = [];

beforeAll(async () => {
  // No Frigate here: these tests are about signing in, and the screens show their empty states.
  // Every test signs in, more often than the default ten logins a minute per address allow.
  harness = await startHarness({
    frigate: false,
    auth: { loginRateLimit: { max: 200, timeWindowMs: 60_000 } },
  });
  proxy = await startIngressProxy(harness.url);
  admin = await apiLogin(harness.url, ADMIN_EMAIL, ADMIN_PASSWORD);
  await admin.send('POST', '/api/users', {
    ...VIEWER,
    role: 'ReadOnly',
    display_name: 'Marta',
    must_change_password: false,
  });
  await admin.send('POST', '/api/users', {
    ...RECOVERING,
    role: 'Admin',
    display_name: 'Luis',
    must_change_password: false,
  });
  await admin.send('POST', '/api/users', {
    ...ENROLLING,
    role: 'Admin',
    display_name: 'Sofía',
    must_change_password: false,
  });
  recoveryCodes = await enrollOverApi(RECOVERING.email, RECOVERING.password);
});

afterAll(async () => {
  await proxy?.close();
  await harness?.close();
});

/** Turns TOTP on for a user through the API and returns the recovery codes. */
async function enrollOverApi(email: string, password: string): Promise<string[]> {
  const user = await apiLogin(harness.url, email, password);
  const enrollment = await user.send<{ secret: string }>('POST', '/api/auth/mfa/totp/enroll', {
    current_password: password,
  });
  const verified = await user.send<{ recovery_codes: string[] }>(
    'POST',
    '/api/auth/mfa/totp/verify',
    { code: await totpCode(enrollment.secret) },
  );
  return verified.recovery_codes;
}

/** Paths of the API requests the page makes from now on. */
function recordApiPaths(page: Page): string[] {
  const paths: string[] = [];
  page.on('request', (request) => {
    const path = new URL(request.url()).pathname;
    if (path.includes('/api/')) paths.push(path);
  });
  return paths;
}

describe('sign-in', () => {
  it('starts in the browser language', async () => {
    const { page, context } = await openPage(harness.browser, { locale: 'es-MX', viewport: PHONE });
    await page.goto(`${harness.url}/`);
    await expect.poll(() => page.locator('h1').first().textContent()).toBe('Iniciar sesión');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'login-es');
    await context.close();
  });

  it('offers a retry when the server cannot be reached', async () => {
    const { page, context } = await openPage(harness.browser);
    await page.route('**/api/auth/me', (route) => route.abort('connectionrefused'));
    await page.goto(`${harness.url}/`);
    const failed = page.getByTestId('state-error');
    await expect.poll(() => failed.textContent()).toContain('could not be reached');
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'offline');
    await page.unroute('**/api/auth/me');
    await failed.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('login-email').waitFor();
    await context.close();
  });

  it('shows the reason a sign-in was rejected', async () => {
    const { page, context } = await openPage(harness.browser, { viewport: PHONE });
    await page.goto(`${harness.url}/`);
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('login-error').textContent()).toContain('Enter');
    await page.getByTestId('login-email').fill(VIEWER.email);
    await page.getByTestId('login-password').fill('not the password at all');
    await page.getByTestId('login-submit').click();
    await expect
      .poll(() => page.getByTestId('login-error').textContent())
      .toContain('email or password is wrong');
    expect(await page.getByTestId('login-email').inputValue()).toBe(VIEWER.email);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'login-error');
    await context.close();
  });

  it('signs in with a recovery code', async () => {
    const { page, context } = await openPage(harness.browser);
    await page.goto(`${harness.url}/#/account`);
    await page.getByTestId('login-email').fill(RECOVERING.email);
    await page.getByTestId('login-password').fill(RECOVERING.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('mfa-use-recovery').click();
    await expect.poll(() => page.locator('label[for="code"]').textContent()).toBe('Recovery code');
    await page.getByTestId('mfa-code').fill(recoveryCodes[0] ?? '');
    await page.getByTestId('mfa-submit').click();
    await page.getByTestId('main-nav').waitFor();
    await expect.poll(() => page.getByTestId('mfa-status').textContent()).toContain('On');
    await context.close();
  });

  it('leads a user whose role requires TOTP to set it up first', async () => {
    // Admin only: the SuperAdmin making the change has no TOTP and would lock itself out.
    await admin.send('PUT', '/api/auth/policy', { mfa_required_roles: ['Admin'] });
    const { page, context } = await openPage(harness.browser, { viewport: PHONE });
    try {
      await page.goto(`${harness.url}/`);
      await signIn(page, ENROLLING.email, ENROLLING.password);
      await page.getByTestId('mfa-required').waitFor();
      expect(await page.evaluate(() => location.hash)).toBe('#/account');
      expect(await page.getByTestId('nav-events').count()).toBe(0);
      expect(await seriousViolations(page)).toEqual([]);
      await screenshot(page, 'mfa-required');

      await page.getByTestId('mfa-enroll-start').click();
      await page.getByTestId('mfa-enroll-password').fill(ENROLLING.password);
      await page.getByTestId('mfa-enroll-submit').click();
      const secret = ((await page.getByTestId('mfa-secret').textContent()) ?? '').replace(
        /\s/g,
        '',
      );
      await page.getByTestId('mfa-verify-code').fill(await totpCode(secret));
      await page.getByTestId('mfa-verify-submit').click();
      await page.getByTestId('mfa-codes-saved').check();
      await page.getByTestId('mfa-done').click();
      await page.getByTestId('nav-events').waitFor();
      expect(await page.getByTestId('mfa-required').count()).toBe(0);
      expect(await page.getByTestId('nav-evidence').count()).toBe(1);
    } finally {
      await admin.send('PUT', '/api/auth/policy', { mfa_required_roles: [] });
      await context.close();
    }
  });
});

describe('roles', () => {
  it('shows a ReadOnly user only the screens the role may open', async () => {
    const { page, context } = await openPage(harness.browser);
    await page.goto(`${harness.url}/`);
    await signIn(page, VIEWER.email, VIEWER.password);
    const nav = page.getByTestId('main-nav');
    expect(await nav.getByTestId('nav-events').count()).toBe(1);
    expect(await nav.getByTestId('nav-cameras').count()).toBe(1);
    for (const screen of ['evidence', 'backups', 'audit', 'users', 'plugins']) {
      expect(await nav.getByTestId(`nav-${screen}`).count(), screen).toBe(0);
    }
    // With no Frigate connected, the events card shows its empty state.
    await expect
      .poll(() => page.getByTestId('events-card').getByText('No events').count())
      .toBeGreaterThan(0);
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'events-empty');

    const paths = recordApiPaths(page);
    await page.evaluate(() => (location.hash = '#/users'));
    await expect
      .poll(() => page.getByTestId('state-error').textContent())
      .toContain('does not give access');
    expect(paths.filter((path) => path === '/api/users')).toEqual([]);
    await context.close();
  });

  it('keeps the phone bar to the screens of the role', async () => {
    const { page, context } = await openPage(harness.browser, { viewport: PHONE });
    await page.goto(`${harness.url}/`);
    await signIn(page, VIEWER.email, VIEWER.password);
    await page.getByTestId('nav-cameras').click();
    await page.getByTestId('cameras-card').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'cameras-readonly');
    await page.getByTestId('nav-more').click();
    // The More screen renders after the click; wait for it before counting its entries.
    await page.getByTestId('more-account').waitFor();
    expect(await page.getByTestId('more-account').count()).toBe(1);
    expect(await page.getByTestId('more-users').count()).toBe(0);
    await context.close();
  });
});

describe('session', () => {
  it('refreshes an expired access token and retries', async () => {
    const { page, context } = await openPage(harness.browser);
    await page.goto(`${harness.url}/`);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await context.clearCookies({ name: 'centinela_access' });
    const statuses: string[] = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/api/')) statuses.push(`${response.status()} ${path}`);
    });
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    expect(statuses.some((status) => status.startsWith('401 '))).toBe(true);
    expect(statuses).toContain('200 /api/auth/refresh');
    expect(statuses).toContain('200 /api/audit');
    const cookies = await context.cookies();
    expect(cookies.some((cookie) => cookie.name === 'centinela_access')).toBe(true);
    await context.close();
  });

  it('returns to the login screen when the session is gone', async () => {
    const { page, context } = await openPage(harness.browser);
    await page.goto(`${harness.url}/`);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await context.clearCookies({ name: /^centinela_(access|refresh)$/ });
    await page.getByTestId('nav-users').click();
    await page.getByTestId('login-email').waitFor();
    expect(await page.getByRole('status').first().textContent()).toContain('session ended');
    await context.close();
  });

  it('sends the CSRF token when signing out', async () => {
    const { page, context } = await openPage(harness.browser);
    await page.goto(`${harness.url}/`);
    await signIn(page, VIEWER.email, VIEWER.password);
    const csrf = (await context.cookies()).find((cookie) => cookie.name === 'centinela_csrf');
    expect(csrf?.value).toMatch(/.{20,}/);
    const logout = page.waitForRequest((request) => request.url().endsWith('/api/auth/logout'));
    await page.getByTestId('sign-out').click();
    expect((await logout).headers()['x-csrf-token']).toBe(csrf?.value);
    await page.getByTestId('login-email').waitFor();
    expect((await context.cookies()).some((cookie) => cookie.name === 'centinela_access')).toBe(
      false,
    );
    await context.close();
  });
});

describe('language', () => {
  it('switches language and keeps the choice after a reload', async () => {
    const { page, context } = await openPage(harness.browser);
    await page.goto(`${harness.url}/`);
    await signIn(page, VIEWER.email, VIEWER.password);
    await expect.poll(() => page.getByTestId('nav-events').textContent()).toContain('Events');
    await page.getByTestId('main-nav').getByTestId('language-select').selectOption('es');
    await expect.poll(() => page.getByTestId('nav-events').textContent()).toContain('Eventos');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await expect
      .poll(() => page.getByTestId('events-card').getByText('Últimos eventos').count())
      .toBe(1);
    await screenshot(page, 'events-es');

    await page.reload();
    await page.getByTestId('main-nav').waitFor();
    await expect.poll(() => page.getByTestId('nav-cameras').textContent()).toContain('Cámaras');
    expect(await page.evaluate(() => localStorage.getItem('centinela.language'))).toBe('es');
    await context.close();
  });
});

describe('Home Assistant ingress', () => {
  it('keeps every request under the ingress path', async () => {
    const { page, context, cspErrors } = await openPage(harness.browser, { viewport: DESKTOP });
    const start = proxy.requests.length;
    await page.goto(`${proxy.url}${INGRESS_PREFIX}/`);
    await signIn(page, ADMIN_EMAIL, ADMIN_PASSWORD);
    await page.getByTestId('nav-audit').click();
    await page.getByTestId('audit-row').first().waitFor();
    await page.getByTestId('nav-backups').click();
    await page.getByTestId('backup-forecast').waitFor();
    await page.getByTestId('nav-events').click();
    await page.getByTestId('events-card').waitFor();
    await expect
      .poll(() => proxy.requests.slice(start).some((request) => request.method === 'WS'))
      .toBe(true);

    const requests = proxy.requests.slice(start);
    const outside = requests
      .filter((request) => !request.underPrefix)
      .map((request) => `${request.method} ${request.path}`);
    expect(outside).toEqual([]);
    const paths = requests.map((request) => request.path);
    for (const path of ['/main.js', '/api/auth/login', '/api/audit', '/api/events', '/api/ws']) {
      expect(paths, path).toContain(`${INGRESS_PREFIX}${path}`);
    }
    expect(await page.evaluate(() => location.pathname)).toBe(`${INGRESS_PREFIX}/`);
    expect(await page.evaluate(() => location.hash)).toBe('#/events');
    expect(cspErrors).toEqual([]);
    await context.close();
  });
});
