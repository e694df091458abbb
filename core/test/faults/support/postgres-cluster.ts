import { execFile, execFileSync } from 'node:child_process';
import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestDatabase } from '../../support/database';
import { freePort } from './ports';

const run = promisify(execFile);

/** Debian's PostgreSQL programs; PG_BIN overrides the folder. */
const PG_BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';

/**
 * A PostgreSQL cluster of the test's own (initdb + pg_ctl in a temporary folder, on a free
 * loopback port, trust auth), so a test can stop and start the server without touching the
 * shared one on port 5432. PostgreSQL refuses to run as root, so when the tests run as root
 * the cluster belongs to the `postgres` user.
 */
export class TestCluster {
  private constructor(
    readonly dir: string,
    readonly port: number,
  ) {}

  static async create(): Promise<TestCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'centinela-pg-'));
    const cluster = new TestCluster(dir, await freePort());
    if (userInfo().uid === 0) {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
      chownSync(dir, uid, gid);
    }
    // fsync off: the cluster is thrown away, and the test is about the server going away.
    await cluster.pg('initdb', [
      '-D',
      cluster.dataDir,
      '-A',
      'trust',
      '-U',
      'postgres',
      '--no-sync',
      '-E',
      'UTF8',
    ]);
    await cluster.start();
    return cluster;
  }

  get dataDir(): string {
    return join(this.dir, 'data');
  }

  url(database = 'postgres'): string {
    return `postgresql://postgres@127.0.0.1:${this.port}/${database}`;
  }

  /** Creates a database on this cluster, in the shape the core's test helpers take. */
  async createDatabase(name: string): Promise<TestDatabase> {
    await this.pg('psql', [
      '-h',
      '127.0.0.1',
      '-p',
      String(this.port),
      '-U',
      'postgres',
      '-c',
      `create database ${name}`,
    ]);
    return { url: this.url(name), name, drop: async () => undefined };
  }

  async start(): Promise<void> {
    const options = `-p ${this.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${this.dir} -c fsync=off`;
    await this.pg('pg_ctl', [
      '-D',
      this.dataDir,
      '-o',
      options,
      '-l',
      join(this.dir, 'server.log'),
      '-w',
      '-t',
      '20',
      'start',
    ]);
  }

  /** Stop the server: `fast` ends sessions cleanly, `immediate` is like a crash. */
  async stop(mode: 'fast' | 'immediate' = 'fast'): Promise<void> {
    await this.pg('pg_ctl', ['-D', this.dataDir, '-m', mode, '-w', '-t', '20', 'stop']);
  }

  async destroy(): Promise<void> {
    await this.stop('immediate').catch(() => undefined);
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async pg(program: string, args: string[]): Promise<void> {
    const path = program === 'psql' ? 'psql' : join(PG_BIN, program);
    if (userInfo().uid === 0)
      await run('runuser', ['-u', 'postgres', '--', path, ...args], { cwd: this.dir });
    else await run(path, args, { cwd: this.dir });
  }
}
