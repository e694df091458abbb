import { startFrigateSimulator, type FrigateSimulator } from '@centinela/frigate-simulator';
import type { InjectOptions, Response } from 'light-my-request';
import { loadBuiltinPlugins } from '../../../src/cli/builtin-plugins';
import { startTestCentinela, type TestCentinela } from '../../support/centinela';

export const ADMIN = {
  email: 'fuzz.owner@centinela.example',
  password: 'a-long-and-unusual-passphrase-42',
};

export interface BuiltinCentinela {
  centinela: TestCentinela;
  simulator: FrigateSimulator;
  /** Bearer token of the SuperAdmin, from a real login. */
  token: string;
  /** Log in again (after a request ended the session); each login comes from its own address. */
  login(): Promise<string>;
  inject(options: InjectOptions): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * Starts a Centinela with all six builtin plugins on real PostgreSQL and the shared Mosquitto, the
 * Frigate simulator (no footage, no MQTT) as its Frigate, and a SuperAdmin logged in through
 * auth-mfa's real login.
 */
export async function startBuiltinCentinela(): Promise<BuiltinCentinela> {
  const simulator = await startFrigateSimulator({ cameras: ['front_door'] });
  let centinela: TestCentinela;
  try {
    centinela = await startTestCentinela({
      database: 'postgres',
      plugins: await loadBuiltinPlugins(),
      env: {
        FRIGATE_URL: simulator.url,
        CENTINELA_ADMIN_EMAIL: ADMIN.email,
        CENTINELA_ADMIN_PASSWORD: ADMIN.password,
      },
    });
  } catch (error) {
    await simulator.stop();
    throw error;
  }
  let logins = 0;
  const harness: BuiltinCentinela = {
    centinela,
    simulator,
    token: '',
    async login() {
      logins += 1;
      // The login route is rate-limited per client address.
      const response = await centinela.app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: ADMIN,
        remoteAddress: `10.99.${Math.floor(logins / 250)}.${logins % 250}`,
      });
      if (response.statusCode !== 200)
        throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      harness.token = (response.json() as { access_token: string }).access_token;
      return harness.token;
    },
    inject: (options) => centinela.app.inject(options),
    async stop() {
      await centinela.destroy();
      await simulator.stop();
    },
  };
  await harness.login();
  return harness;
}
