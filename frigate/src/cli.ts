import { parseArgs } from 'node:util';

import { createJsonLogger } from './logger';
import { startFrigateSimulator } from './simulator';
import type { SimulatorOptions, SimulatorUser, UserRole } from './types';

const usage = `Usage: tsx frigate/src/cli.ts [options]

Runs a Frigate NVR simulator: Frigate's HTTP API and MQTT messages, with the clips of a
folder replayed as live cameras.

Options:
  --clips <dir>            folder of .mp4/.mkv/.avi clips, one camera each
  --media <dir>            Frigate media folder to write (default: a temporary folder)
  --host <address>         listen address (default 127.0.0.1)
  --port <n>               unauthenticated API port, like Frigate's 5000 (default 5000; 0 = any free port)
  --auth-port <n>          authenticated API port, like Frigate's 8971 (default: off)
  --user <name:password[:role]>  account for the authenticated port; repeatable; role admin or viewer
  --session-length <s>     JWT lifetime in seconds (default 86400)
  --mqtt <url>             broker to publish to, for example mqtt://127.0.0.1:1883 (default: no MQTT)
  --prefix <topic>         MQTT topic prefix (default frigate)
  --frigate-version <v>    Frigate release to imitate (default 0.16.4)
  --loop-gap <s>           seconds of quiet between two loops of a clip (default 0)
  --no-replay              load the clips but do not play them
  --log-level <level>      debug, info, warn or error (default info)
  --help                   show this text
`;

function parsePort(value: string | undefined, name: string, fallback?: number): number | undefined {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`invalid ${name} "${value}": expected a port from 0 to 65535`);
  return port;
}

function parseSeconds(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0)
    throw new Error(`invalid ${name} "${value}": expected seconds from 0`);
  return seconds;
}

/**
 * Parse `name:password[:role]`. The password may contain `:`, because only a known role is
 * split off its end.
 */
function parseUser(value: string): SimulatorUser {
  const separator = value.indexOf(':');
  const user = separator < 0 ? '' : value.slice(0, separator);
  let password = separator < 0 ? '' : value.slice(separator + 1);
  let role: UserRole = 'admin';
  const roleMatch = /:(admin|viewer)$/.exec(password);
  if (roleMatch !== null) {
    role = roleMatch[1] as UserRole;
    password = password.slice(0, -roleMatch[0].length);
  }
  if (user === '' || password === '') {
    throw new Error(`invalid --user "${value}": expected name:password or name:password:viewer`);
  }
  return { user, password, role };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      clips: { type: 'string' },
      media: { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'auth-port': { type: 'string' },
      user: { type: 'string', multiple: true },
      'session-length': { type: 'string' },
      mqtt: { type: 'string' },
      prefix: { type: 'string' },
      'frigate-version': { type: 'string' },
      'loop-gap': { type: 'string' },
      'no-replay': { type: 'boolean' },
      'log-level': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    process.stdout.write(usage);
    return;
  }
  const level = (values['log-level'] ?? 'info') as 'debug' | 'info' | 'warn' | 'error';
  const options: SimulatorOptions = {
    logger: createJsonLogger(level),
    port: parsePort(values.port, '--port', 5000)!,
    replay: values['no-replay'] !== true,
  };
  if (values.clips !== undefined) options.clipsDir = values.clips;
  if (values.media !== undefined) options.mediaDir = values.media;
  if (values.host !== undefined) options.host = values.host;
  const authPort = parsePort(values['auth-port'], '--auth-port');
  if (authPort !== undefined) options.authPort = authPort;
  if (values.user !== undefined) options.users = values.user.map(parseUser);
  const sessionLength = parseSeconds(values['session-length'], '--session-length');
  if (sessionLength !== undefined) options.sessionLength = sessionLength;
  const loopGap = parseSeconds(values['loop-gap'], '--loop-gap');
  if (loopGap !== undefined) options.loopGapSeconds = loopGap;
  if (values.mqtt !== undefined) options.mqttUrl = values.mqtt;
  if (values.prefix !== undefined) options.topicPrefix = values.prefix;
  if (values['frigate-version'] !== undefined) options.version = values['frigate-version'];

  const simulator = await startFrigateSimulator(options);
  process.stdout.write(`Frigate simulator listening on ${simulator.url}\n`);
  if (simulator.authUrl !== undefined) {
    process.stdout.write(`Authenticated API on ${simulator.authUrl}\n`);
    if (values.user === undefined)
      process.stdout.write(`Login: admin / ${simulator.users[0]!.password}\n`);
  }
  process.stdout.write(
    `Cameras: ${simulator.cameras.join(', ') || 'none'}; media in ${simulator.mediaDir}\n`,
  );
  const shutdown = () => {
    simulator.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  const { message, code } = error as Error & { code?: string };
  const hint =
    code?.startsWith('ERR_PARSE_ARGS') === true ? '\nRun with --help to list the options.' : '';
  process.stderr.write(`${message}${hint}\n`);
  process.exit(1);
});
