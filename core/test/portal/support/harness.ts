import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { AuthMfaOptions } from '@centinela/plugin-auth-mfa';
import type { Browser } from 'playwright-core';
import { launchChromium } from './browser';
import { startPortalCore, type PortalCore } from './portal-core';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');

export interface PortalHarness {
  browser: Browser;
  core: PortalCore;
  /** Origin of the core; the portal is at `${url}/`. */
  url: string;
  close(): Promise<void>;
}

export interface HarnessOptions {
  /** Start the Frigate simulator. Default true. */
  frigate?: boolean;
  auth?: AuthMfaOptions;
}

/**
 * Builds the portal with the real build script into a temporary folder (so that parallel
 * test files never share an output folder), starts a real core that serves it, and starts
 * one Chromium for the whole test file.
 */
export async function startHarness(options: HarnessOptions = {}): Promise<PortalHarness> {
  const portalDir = await mkdtemp(join(tmpdir(), 'centinela-portal-'));
  const build = promisify(execFile)(
    process.execPath,
    [join(repoRoot, 'scripts', 'build-portal.mjs'), portalDir],
    { cwd: repoRoot },
  );
  const [browser] = await Promise.all([launchChromium(), build]);
  let core: PortalCore;
  try {
    core = await startPortalCore({
      portalDir,
      ...(options.frigate === undefined ? {} : { frigate: options.frigate }),
      ...(options.auth === undefined ? {} : { auth: options.auth }),
    });
  } catch (error) {
    await browser.close();
    await rm(portalDir, { recursive: true, force: true });
    throw error;
  }
  return {
    browser,
    core,
    url: core.url,
    close: async () => {
      await browser.close();
      await core.close();
      await rm(portalDir, { recursive: true, force: true });
    },
  };
}
