// mosquitto/mosquitto.conf and mosquitto/acl with the real Mosquitto broker: the same files as
// in docker-compose.yml, with the data paths moved to a temporary folder and the listener
// moved to a free port on 127.0.0.1.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readText, repoPath } from './helpers';

const PASSWORDS = { centinela: 'centinela-test-pw', frigate: 'frigate-test-pw' };

function hasMosquitto(): boolean {
  try {
    execFileSync('mosquitto', ['-h'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // `mosquitto -h` prints its help and exits 3. Only a missing binary means no broker.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function connect(port: number, username?: string, password?: string): Promise<MqttClient> {
  return mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    clientId: `centinela-deploy-test-${username ?? 'anonymous'}-${process.pid}`,
    username,
    password,
    reconnectPeriod: 0,
    connectTimeout: 5000,
  });
}

function nextMessage(client: MqttClient): Promise<{ topic: string; payload: string }> {
  return new Promise((resolve) => {
    client.once('message', (topic, payload) => resolve({ topic, payload: payload.toString() }));
  });
}

describe.skipIf(!hasMosquitto())('Mosquitto config of the compose stack', () => {
  let dir = '';
  let port = 0;
  let broker: ChildProcess | undefined;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'centinela-mosquitto-'));
    // Mosquitto drops privileges when started as root, so the folder must stay reachable.
    await chmod(dir, 0o755);
    port = await freePort();

    const passwords = join(dir, 'passwd');
    await writeFile(passwords, '', { mode: 0o600 });
    for (const [user, password] of Object.entries(PASSWORDS)) {
      execFileSync('mosquitto_passwd', ['-b', passwords, user, password]);
    }
    await copyFile(repoPath('mosquitto/acl'), join(dir, 'acl'));

    const conf = readText('mosquitto/mosquitto.conf')
      .replaceAll('/mosquitto/data/', `${dir}/`)
      .replace(/^listener 1883$/m, `listener ${port} 127.0.0.1`);
    // Keep the current user so the broker can read the files written above.
    await writeFile(join(dir, 'mosquitto.conf'), `${conf}\nuser ${userInfo().username}\n`);

    broker = spawn('mosquitto', ['-c', join(dir, 'mosquitto.conf')], { stdio: 'pipe' });
    for (let attempt = 0; attempt < 50; attempt += 1) {
      try {
        (await connect(port, 'frigate', PASSWORDS.frigate)).end();
        return;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    throw new Error(`Mosquitto did not start on port ${port}`);
  });

  afterAll(async () => {
    if (broker?.pid !== undefined) process.kill(broker.pid, 'SIGTERM');
    await rm(dir, { recursive: true, force: true });
  });

  it('rejects anonymous clients', async () => {
    await expect(connect(port)).rejects.toThrow(/Not authorized|Connection refused/i);
  });

  it('rejects a wrong password', async () => {
    await expect(connect(port, 'centinela', 'wrong')).rejects.toThrow(/Not authorized|Bad user/i);
  });

  it('delivers Frigate events to Centinela', async () => {
    const centinela = await connect(port, 'centinela', PASSWORDS.centinela);
    const frigate = await connect(port, 'frigate', PASSWORDS.frigate);
    try {
      await centinela.subscribeAsync('$share/centinela/frigate/events', { qos: 1 });
      const received = nextMessage(centinela);

      await frigate.publishAsync('frigate/events', '{"type":"new"}', { qos: 1 });

      expect(await received).toEqual({ topic: 'frigate/events', payload: '{"type":"new"}' });
    } finally {
      await Promise.all([centinela.endAsync(), frigate.endAsync()]);
    }
  });

  it('drops a Frigate topic published by Centinela', async () => {
    const centinela = await connect(port, 'centinela', PASSWORDS.centinela);
    const frigate = await connect(port, 'frigate', PASSWORDS.frigate);
    try {
      await frigate.subscribeAsync('frigate/#', { qos: 1 });
      const received = nextMessage(frigate);

      // QoS 1 waits for the broker's acknowledgement, so the forged message is handled
      // before the marker is sent.
      await centinela.publishAsync('frigate/events', 'forged', { qos: 1 });
      await frigate.publishAsync('frigate/marker', 'marker', { qos: 1 });

      expect(await received).toEqual({ topic: 'frigate/marker', payload: 'marker' });
    } finally {
      await Promise.all([centinela.endAsync(), frigate.endAsync()]);
    }
  });

  it('lets Centinela publish discovery and its own topics', async () => {
    const centinela = await connect(port, 'centinela', PASSWORDS.centinela);
    try {
      await centinela.subscribeAsync('homeassistant/#', { qos: 1 });
      const received = nextMessage(centinela);

      await centinela.publishAsync('homeassistant/sensor/centinela_test/config', '{}', { qos: 1 });

      expect((await received).topic).toBe('homeassistant/sensor/centinela_test/config');
    } finally {
      await centinela.endAsync();
    }
  });
});
