import { fileURLToPath } from 'node:url';
import type { AppConfig } from '../config/load';
import { createCentinela } from '../server';
import { loadBuiltinPlugins } from './builtin-plugins';

// Built by `npm run build:portal`, which `npm start` runs first.
const PORTAL_DIR = fileURLToPath(new URL('../../portal/dist', import.meta.url));

/**
 * Run the server until SIGTERM or SIGINT, then shut down in order: stop accepting, finish
 * in-flight requests, stop plugin jobs, close MQTT and the database, exit 0.
 */
export async function startServer(config: AppConfig): Promise<number> {
  const centinela = await createCentinela({ config, plugins: await loadBuiltinPlugins(), portalDir: PORTAL_DIR });
  const address = await centinela.listen();
  const url = address.replace('[::1]', 'localhost');
  centinela.log.info({ url }, 'Centinela is running');
  const firstLogin = centinela.services.find('users')?.takeFirstLogin();
  const login =
    firstLogin === undefined
      ? ''
      : `First sign-in: ${firstLogin.email} with the one-time password ${firstLogin.oneTimePassword}\n` +
        '(shown once; the portal asks for a new password at that sign-in)\n';
  process.stdout.write(`\nCentinela portal: ${url}/\nAPI documentation: ${url}/api/docs\n${login}\n`);

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals) => {
      if (stopping) return;
      stopping = true;
      centinela.log.info({ signal }, 'shutting down');
      centinela.close().then(
        () => {
          centinela.log.info('stopped');
          resolve(0);
        },
        (error: unknown) => {
          centinela.log.error({ err: error }, 'shutdown failed');
          resolve(1);
        },
      );
    };
    // `on`, not `once`: tsx sends the signal again when the child does not acknowledge it at
    // once, and with no listener left the second one would kill the process mid-shutdown.
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
