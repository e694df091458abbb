import type { FaultController } from '../faults';
import type { SimulatorLogger } from '../logger';
import type { MessageType } from '../types';
import type { MqttPublisher } from './publisher';

/**
 * Sends Frigate's messages in order through one queue, applying the message faults. Work that
 * must happen before a message (writing the snapshot before `end`) runs in the same queue.
 */
export class Messenger {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly publisher: MqttPublisher | undefined,
    private readonly faults: FaultController,
    private readonly logger: SimulatorLogger,
  ) {}

  /** Run `task` after everything queued before it; a failure is logged and does not block the queue. */
  enqueue(task: () => Promise<void>): Promise<void> {
    const run = this.queue.then(task).catch((error: unknown) => {
      this.logger.error({ err: error }, 'simulator task failed');
    });
    this.queue = run;
    return run;
  }

  /** Resolves when everything queued so far has been sent. */
  idle(): Promise<void> {
    return this.queue;
  }

  async publish(topic: string, payload: string | Buffer, retain = false): Promise<void> {
    await this.publisher?.publish(topic, payload, { retain });
  }

  /**
   * One `events` or `reviews` message as Frigate serialises it (`before`, `after`, `type`).
   * `stale` is the message the reorder fault sends after an `end`.
   */
  async envelope(
    topic: 'events' | 'reviews',
    type: MessageType,
    before: unknown,
    after: unknown,
    stale?: { before: unknown; after: unknown },
  ): Promise<void> {
    const { state } = this.faults;
    if (type === 'end' && state.dropEndMessages) {
      this.logger.debug({ topic }, 'end message dropped by fault');
      return;
    }
    const payload = JSON.stringify({ before, after, type });
    await this.publish(topic, payload);
    if (state.duplicateMessages) await this.publish(topic, payload);
    if (type === 'end' && state.reorderMessages && stale !== undefined) {
      await this.publish(
        topic,
        JSON.stringify({ before: stale.before, after: stale.after, type: 'update' }),
      );
    }
  }
}
