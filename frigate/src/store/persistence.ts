import { appendFile, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

import type { FrigateEvent, FrigateReview } from '../types';
import type { StoredMedia } from './event-store';

/** The state that survives a restart of the process, like Frigate's SQLite database. */
export interface PersistedState {
  events: { event: FrigateEvent; media: StoredMedia }[];
  reviews: FrigateReview[];
  reviewed: Record<string, string[]>;
}

/** The snapshot file: the whole state, and the generation of the journal that follows it. */
interface SnapshotFile extends PersistedState {
  generation?: number;
}

/** One journal line: the latest state of one record, or its deletion. */
type JournalLine =
  | { event: { event: FrigateEvent; media: StoredMedia } }
  | { deleteEvent: string }
  | { review: FrigateReview }
  | { deleteReview: string }
  | { reviewed: Record<string, string[]> };

/** Read access to the current state of the stores, for the writer. */
export interface StateSource {
  event(id: string): { event: FrigateEvent; media: StoredMedia } | undefined;
  review(id: string): FrigateReview | undefined;
  reviewed(): Record<string, string[]>;
  snapshot(): PersistedState;
}

function journalPath(snapshotPath: string, generation: number): string {
  return join(dirname(snapshotPath), `${basename(snapshotPath, '.json')}.${generation}.journal`);
}

async function readOptional(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function applyLine(
  line: JournalLine,
  state: {
    events: Map<string, PersistedState['events'][number]>;
    reviews: Map<string, FrigateReview>;
    reviewed: Record<string, string[]>;
  },
) {
  if ('event' in line) state.events.set(line.event.event.id, line.event);
  else if ('deleteEvent' in line) state.events.delete(line.deleteEvent);
  else if ('review' in line) state.reviews.set(line.review.id, line.review);
  else if ('deleteReview' in line) state.reviews.delete(line.deleteReview);
  else state.reviewed = line.reviewed;
}

/**
 * Read the snapshot and replay its journal on top. Undefined when nothing was saved yet. A
 * torn last line, left by a crash in the middle of an append, is skipped.
 */
export async function loadState(
  snapshotPath: string,
): Promise<(PersistedState & { generation: number }) | undefined> {
  let snapshot: SnapshotFile | undefined;
  try {
    const text = await readOptional(snapshotPath);
    snapshot = text === undefined ? undefined : (JSON.parse(text) as SnapshotFile);
  } catch (error) {
    throw new Error(
      `cannot read the simulator's event store ${snapshotPath}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const generation = snapshot?.generation ?? 0;
  const journal = await readOptional(journalPath(snapshotPath, generation));
  if (snapshot === undefined && journal === undefined) return undefined;
  const state = {
    events: new Map((snapshot?.events ?? []).map((entry) => [entry.event.id, entry])),
    reviews: new Map((snapshot?.reviews ?? []).map((review) => [review.id, review])),
    reviewed: snapshot?.reviewed ?? {},
  };
  for (const text of (journal ?? '').split('\n')) {
    if (text.trim() === '') continue;
    let line: JournalLine;
    try {
      line = JSON.parse(text) as JournalLine;
    } catch {
      continue;
    }
    applyLine(line, state);
  }
  return {
    events: [...state.events.values()],
    reviews: [...state.reviews.values()],
    reviewed: state.reviewed,
    generation,
  };
}

/**
 * Saves the stores as a snapshot plus a journal of changed records, so that a busy camera
 * costs an append per change instead of a rewrite of every event. Changes are appended at
 * most once per `delayMs`. When the journal grows past twice the snapshot (at least 1 MB),
 * a new snapshot replaces both. Each snapshot names its journal generation, so a crash
 * between writing a snapshot and deleting the old journal never replays stale lines.
 */
export class StateWriter {
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private readonly events = new Set<string>();
  private readonly reviews = new Set<string>();
  private reviewedChanged = false;
  private generation = 0;
  private snapshotBytes = 0;
  private journalBytes = 0;

  constructor(
    private readonly snapshotPath: string,
    private readonly source: StateSource,
    private readonly onError: (error: unknown) => void,
    private readonly delayMs = 1000,
  ) {}

  /** Continue after the generation of a loaded snapshot, so that generations only grow. */
  resumeAfter(generation: number): void {
    this.generation = Math.max(this.generation, generation);
  }

  eventChanged(id: string): void {
    this.events.add(id);
    this.schedule();
  }

  reviewChanged(id: string): void {
    this.reviews.add(id);
    this.schedule();
  }

  reviewedStateChanged(): void {
    this.reviewedChanged = true;
    this.schedule();
  }

  /** Write a full snapshot now and start a new, empty journal. */
  compact(): Promise<void> {
    this.clearPending();
    return this.enqueue(() => this.writeSnapshot());
  }

  /** Append the pending changes now (on stop). */
  flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    return this.enqueue(() => this.appendPending());
  }

  private schedule(): void {
    if (this.timer !== undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.enqueue(() => this.appendPending());
    }, this.delayMs);
    this.timer.unref();
  }

  private clearPending(): void {
    this.events.clear();
    this.reviews.clear();
    this.reviewedChanged = false;
  }

  private enqueue(task: () => Promise<void>): Promise<void> {
    this.writing = this.writing.then(task).catch((error: unknown) => this.onError(error));
    return this.writing;
  }

  private async appendPending(): Promise<void> {
    const lines: JournalLine[] = [];
    for (const id of this.events) {
      const entry = this.source.event(id);
      lines.push(entry === undefined ? { deleteEvent: id } : { event: entry });
    }
    for (const id of this.reviews) {
      const review = this.source.review(id);
      lines.push(review === undefined ? { deleteReview: id } : { review });
    }
    if (this.reviewedChanged) lines.push({ reviewed: this.source.reviewed() });
    this.clearPending();
    if (lines.length === 0) return;
    const text = lines.map((line) => `${JSON.stringify(line)}\n`).join('');
    await mkdir(dirname(this.snapshotPath), { recursive: true });
    await appendFile(journalPath(this.snapshotPath, this.generation), text);
    this.journalBytes += Buffer.byteLength(text);
    if (this.journalBytes > Math.max(2 * this.snapshotBytes, 1_000_000)) await this.writeSnapshot();
  }

  private async writeSnapshot(): Promise<void> {
    const previous = this.generation;
    const next: SnapshotFile = { generation: previous + 1, ...this.source.snapshot() };
    const text = JSON.stringify(next);
    const folder = dirname(this.snapshotPath);
    await mkdir(folder, { recursive: true });
    const temporary = `${this.snapshotPath}.tmp`;
    await writeFile(temporary, text);
    // A journal of the new generation can only be a leftover; it must not follow this snapshot.
    await rm(journalPath(this.snapshotPath, previous + 1), { force: true });
    await rename(temporary, this.snapshotPath);
    this.generation = previous + 1;
    this.snapshotBytes = Buffer.byteLength(text);
    this.journalBytes = 0;
    // Journals of older generations, including ones a crash left behind, are obsolete now.
    const prefix = `${basename(this.snapshotPath, '.json')}.`;
    for (const name of await readdir(folder)) {
      if (
        name.startsWith(prefix) &&
        name.endsWith('.journal') &&
        name !== basename(journalPath(this.snapshotPath, this.generation))
      ) {
        await rm(join(folder, name), { force: true });
      }
    }
  }
}
