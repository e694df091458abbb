import type { CentinelaPlugin, RoleName } from '@centinela/core';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { generate } from 'otplib';
import {
  startTestCentinela,
  type DatabaseKind,
  type TestCentinela,
} from '../../../../core/test/support/centinela';
import type { TestDatabase } from '../../../../core/test/support/database';
import { createAuditPlugin } from '../../../audit/src/index';
import { createRbacPlugin } from '../../../rbac/src/index';
import { createAuthMfaPlugin, createUser, type AuthMfaOptions } from '../../src/index';

export const ADMIN_EMAIL = 'boss@example.com';
export const ADMIN_PASSWORD = 'correct horse battery staple 7';

/** A clock the tests move by hand. */
export class TestClock {
  private current: number;

  constructor(start = Date.parse('2026-12-04T14:00:00.000Z')) {
    this.current = start;
  }

  readonly now = (): Date => new Date(this.current);

  advance(ms: number): void {
    this.current += ms;
  }
}

export interface Harness {
  centinela: TestCentinela & { testDatabase: TestDatabase | undefined };
  clock: TestClock;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  /** Create an active user straight in the database. */
  addUser(
    role: RoleName,
    options?: { email?: string; password?: string; cameraScope?: string[] | null },
  ): Promise<TestUser>;
  login(email: string, password: string, code?: string): Promise<LightMyRequestResponse>;
  /** Log in and return the bearer header. */
  bearer(email: string, password: string, code?: string): Promise<Record<string, string>>;
  /** Wait until the audit log has stored everything published so far. */
  auditFlush(): Promise<void>;
  destroy(): Promise<void>;
}

export interface TestUser {
  id: string;
  email: string;
  password: string;
}

export interface HarnessOptions {
  database?: DatabaseKind;
  env?: Record<string, string>;
  auth?: AuthMfaOptions;
  /** Plugins besides auth-mfa, rbac and audit. */
  plugins?: CentinelaPlugin[];
  clock?: TestClock;
}

let userCounter = 0;

/** The three mandatory plugins on a fresh database, with a movable clock and a first SuperAdmin. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const clock = options.clock ?? new TestClock();
  const plugins: CentinelaPlugin[] = [
    createAuthMfaPlugin({
      clock: clock.now,
      loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
      ...options.auth,
    }),
    createAuditPlugin({ clock: clock.now }),
    ...(options.plugins ?? []),
  ];
  const rbac = createRbacPlugin({ manifests: () => plugins.map((plugin) => plugin.manifest) });
  plugins.splice(1, 0, rbac);
  const centinela = await startTestCentinela({
    database: options.database ?? 'postgres',
    plugins,
    env: {
      CENTINELA_ADMIN_EMAIL: ADMIN_EMAIL,
      CENTINELA_ADMIN_PASSWORD: ADMIN_PASSWORD,
      ...options.env,
    },
  });
  const inject = (request: InjectOptions) => centinela.app.inject(request);
  const login = (email: string, password: string, code?: string) =>
    inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: code === undefined ? { email, password } : { email, password, code },
    });
  return {
    centinela,
    clock,
    inject,
    login,
    async addUser(role, extra = {}) {
      userCounter += 1;
      const email = extra.email ?? `user${userCounter}-${role.toLowerCase()}@example.com`;
      const password = extra.password ?? `a quiet harbour at dawn ${userCounter}`;
      const auth = centinela.services.get('authMfa');
      const created = await createUser(
        auth.em(),
        {
          email,
          password,
          role,
          cameraScope: extra.cameraScope ?? null,
          mustChangePassword: false,
        },
        clock.now(),
      );
      return { id: created.user.id, email, password };
    },
    async bearer(email, password, code) {
      const response = await login(email, password, code);
      if (response.statusCode !== 200)
        throw new Error(`login of ${email} failed: ${response.body}`);
      return { authorization: `Bearer ${response.json().access_token as string}` };
    },
    auditFlush: () => centinela.services.get('audit').flush(),
    destroy: () => centinela.destroy(),
  };
}

/** The TOTP code of `secret` at the harness clock's time, optionally some steps later. */
export function totpAt(secret: string, clock: TestClock, stepsLater = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(clock.now().getTime() / 1000) + stepsLater * 30 });
}

/** Cookies from a response's Set-Cookie headers, as one Cookie header value and a map. */
export function cookiesOf(response: LightMyRequestResponse): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const cookie of response.cookies) cookies[cookie.name] = cookie.value;
  return cookies;
}
