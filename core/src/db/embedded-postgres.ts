import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * PostgreSQL compiled to WebAssembly (PGlite), served over a Unix socket so that the ordinary
 * `pg` driver and MikroORM's PostgreSQL driver use it unchanged. It serves one connection at a
 * time: clients must use a pool of one.
 */
export interface EmbeddedPostgres {
  /** Connection settings for `pg` / MikroORM (`host` is the socket folder). */
  host: string;
  port: number;
  dbName: string;
  user: string;
  close(): Promise<void>;
}

/** Unix socket paths are limited to about 107 bytes, so long data folders use a temp folder. */
const MAX_SOCKET_DIR_LENGTH = 80;
const SOCKET_PORT = 5432;

export async function startEmbeddedPostgres(dataDir: string): Promise<EmbeddedPostgres> {
  const storage = join(dataDir, 'pglite');
  mkdirSync(storage, { recursive: true });
  const lockPath = join(dataDir, 'pglite.lock');
  takeLock(lockPath);
  let db: PGlite;
  try {
    db = await PGlite.create(storage);
  } catch (error) {
    rmSync(lockPath, { force: true });
    throw error;
  }

  let socketDir = join(dataDir, 'run');
  let ownsTempDir = false;
  if (socketDir.length > MAX_SOCKET_DIR_LENGTH) {
    socketDir = mkdtempSync(join(tmpdir(), 'centinela-pg-'));
    ownsTempDir = true;
  }
  mkdirSync(socketDir, { recursive: true });
  const socketPath = join(socketDir, `.s.PGSQL.${SOCKET_PORT}`);
  rmSync(socketPath, { force: true });

  const server = new PGLiteSocketServer({ db, path: socketPath, maxConnections: 1 });
  await server.start();

  return {
    host: socketDir,
    port: SOCKET_PORT,
    dbName: 'postgres',
    user: 'postgres',
    async close() {
      await server.stop();
      await db.close();
      rmSync(socketPath, { force: true });
      rmSync(lockPath, { force: true });
      if (ownsTempDir) rmSync(socketDir, { recursive: true, force: true });
    },
  };
}

/**
 * Two processes opening one PGlite folder corrupt it, so the folder is locked with the
 * owner's pid. A lock left by a process that no longer runs is taken over.
 */
function takeLock(lockPath: string): void {
  try {
    writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
    return;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const owner = Number(readFileSync(lockPath, 'utf8').trim());
  if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
    throw new Error(
      `The embedded database in ${lockPath.replace(/pglite\.lock$/, '')} is in use by process ${owner}. ` +
        'Stop that Centinela first, or set DATABASE_URL to a PostgreSQL server that both can share.',
    );
  }
  writeFileSync(lockPath, String(process.pid));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
