import { describe, expect, it } from 'vitest';
import type { BackupProgressEvent } from '../src/engine';
import { throttledProgress, type ProgressMessage } from '../src/runs/progress';

function event(
  job: BackupProgressEvent['job'],
  phase: BackupProgressEvent['phase'],
  bytes: number,
) {
  return {
    job,
    phase,
    progress: {
      bytes,
      totalBytes: 1000,
      transfers: 0,
      totalTransfers: 1,
      checks: 0,
      totalChecks: 0,
      errors: 0,
      speed: 10,
      eta: 5,
      elapsedSeconds: 1,
    },
  } satisfies BackupProgressEvent;
}

describe('throttledProgress', () => {
  it('sends at most one message a second per step', () => {
    const sent: ProgressMessage[] = [];
    let now = 0;
    const onProgress = throttledProgress(
      'run-1',
      (message) => sent.push(message),
      () => now,
    );

    onProgress(event('recordings', 'copy', 100));
    now = 400;
    onProgress(event('recordings', 'copy', 200));
    now = 1000;
    onProgress(event('recordings', 'copy', 300));

    expect(sent.map((message) => message.bytes)).toEqual([100, 300]);
  });

  it('sends the first message of a new job or phase at once', () => {
    const sent: ProgressMessage[] = [];
    let now = 0;
    const onProgress = throttledProgress(
      'run-1',
      (message) => sent.push(message),
      () => now,
    );

    onProgress(event('recordings', 'copy', 100));
    now = 10;
    onProgress(event('recordings', 'verify', 0));
    now = 20;
    onProgress(event('clips', 'copy', 5));

    expect(sent.map((message) => `${message.job}/${message.phase}`)).toEqual([
      'recordings/copy',
      'recordings/verify',
      'clips/copy',
    ]);
  });

  it('names the run and uses snake_case fields', () => {
    const sent: ProgressMessage[] = [];
    throttledProgress('run-7', (message) => sent.push(message))(event('evidence', 'copy', 42));

    expect(sent[0]).toEqual({
      kind: 'progress',
      run_id: 'run-7',
      job: 'evidence',
      phase: 'copy',
      bytes: 42,
      total_bytes: 1000,
      transfers: 0,
      total_transfers: 1,
      checks: 0,
      total_checks: 0,
      errors: 0,
      speed: 10,
      eta: 5,
      elapsed_seconds: 1,
    });
  });
});
