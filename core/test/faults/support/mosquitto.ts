import { spawn, type ChildProcess } from 'node:child_process';
import { freePort, waitForPort } from './ports';

/**
 * A Mosquitto broker of the test's own (`mosquitto -p PORT`, local-only mode, no persistence),
 * so a test can stop and restart it without touching the shared broker on port 1883.
 */
export class TestBroker {
  private child: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<TestBroker> {
    const broker = new TestBroker(await freePort());
    await broker.startProcess();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  /** Stop the broker with `signal` and wait for it to exit. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child === undefined || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    await exited;
    this.child = undefined;
  }

  async restart(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    await this.stop(signal);
    await this.startProcess();
  }

  private async startProcess(): Promise<void> {
    const child = spawn('mosquitto', ['-p', String(this.port)], { stdio: 'ignore' });
    this.child = child;
    let exitCode: number | null = null;
    child.once('exit', (code) => {
      exitCode = code;
    });
    try {
      await waitForPort(this.port, 5000);
    } catch (error) {
      throw new Error(
        `mosquitto on port ${this.port} did not start (exit code ${exitCode}): ${(error as Error).message}`,
        { cause: error },
      );
    }
  }
}
