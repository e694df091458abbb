import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { afterEach, describe, expect, it } from 'vitest';

import { brokerUrl, clearRetained, readRetained, uniquePrefix } from './support/broker';
import { quickScene, writeSyntheticClip } from './support/media';
import { fresh, temporaryFolder } from './support/simulators';

const cliPath = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function runCli(args: string[]) {
  const child = spawn(process.execPath, ['--import', 'tsx', cliPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  return {
    child,
    exited,
    output: () => ({ stdout, stderr }),
    /** Resolves with the first match of `pattern` in stdout; rejects if the process exits first. */
    waitFor: (pattern: RegExp) =>
      new Promise<RegExpMatchArray>((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout);
          if (match !== null) resolve(match);
        };
        child.stdout.on('data', check);
        void exited.then((code) => reject(new Error(`CLI exited with ${code}: ${stderr}`)));
        check();
      }),
  };
}

describe('frigate simulator CLI', () => {
  it('prints the options with --help', async () => {
    const run = runCli(['--help']);

    expect(await run.exited).toBe(0);
    expect(run.output().stdout).toContain('Usage: tsx frigate/src/cli.ts [options]');
    expect(run.output().stdout).toContain('--clips <dir>');
  });

  it('rejects an invalid port with a message', async () => {
    const run = runCli(['--port', 'eighty']);

    expect(await run.exited).toBe(1);
    expect(run.output().stderr).toContain(
      'invalid --port "eighty": expected a port from 0 to 65535',
    );
  });

  it('serves both ports and publishes on MQTT until SIGTERM', async () => {
    const clipsDir = await temporaryFolder('cli-clips');
    await writeSyntheticClip(quickScene('entrada'), clipsDir);
    const prefix = uniquePrefix('cli');
    const run = runCli([
      '--clips',
      clipsDir,
      '--port',
      '0',
      '--auth-port',
      '0',
      '--user',
      'centinela:se:cret',
      '--mqtt',
      brokerUrl,
      '--prefix',
      prefix,
      '--no-replay',
      '--log-level',
      'warn',
    ]);

    try {
      const [, url] = await run.waitFor(/listening on (http:\/\/\S+)\n/);
      const [, authUrl] = await run.waitFor(/Authenticated API on (http:\/\/\S+)\n/);
      const [, cameras] = await run.waitFor(/Cameras: ([^;]+);/);
      expect(cameras).toBe('entrada');
      expect((await fresh(`${url}/api/version`)).status).toBe(200);
      const login = await fetch(`${authUrl}/api/login`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ user: 'centinela', password: 'se:cret' }),
      });
      expect(login.status).toBe(200);
      expect((await readRetained(`${prefix}/available`))?.toString()).toBe('online');

      run.child.kill('SIGTERM');
      expect(await run.exited).toBe(0);
      expect((await readRetained(`${prefix}/available`))?.toString()).toBe('offline');
    } finally {
      // A failed check leaves the CLI running; its last will must land before the cleanup.
      if (run.child.exitCode === null) {
        run.child.kill('SIGKILL');
        await run.exited;
      }
      await clearRetained(prefix);
    }
  }, 20_000);
});
