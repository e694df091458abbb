import type { MotionAnalysisOptions, RelativeBox, TimelineEntry } from '../types';

export const defaultMotionOptions: MotionAnalysisOptions = {
  fps: 5,
  width: 160,
  pixelThreshold: 25,
  minAreaFraction: 0.005,
  maxGapSeconds: 2,
  minEventSeconds: 1,
};

/** Grey frames of one clip, all `width` x `height`, one byte per pixel. */
export interface GreyFrames {
  width: number;
  height: number;
  fps: number;
  frames: Uint8Array[];
}

interface FrameMotion {
  t: number;
  box: RelativeBox | null;
  areaFraction: number;
}

const blockSize = 4;
const backgroundSamples = 120;
const modeBinWidth = 8;

/**
 * Median of `frame - background` over a sample of pixels: a brightness shift of the whole
 * picture (auto exposure, clouds) that must not count as motion.
 */
function globalOffset(frame: Uint8Array, background: Uint8Array): number {
  const histogram = new Uint32Array(511);
  let count = 0;
  for (let pixel = 0; pixel < frame.length; pixel += 7) {
    histogram[frame[pixel]! - background[pixel]! + 255]! += 1;
    count += 1;
  }
  let seen = 0;
  for (let bin = 0; bin < histogram.length; bin += 1) {
    seen += histogram[bin]!;
    if (seen * 2 >= count) return bin - 255;
  }
  return 0;
}

/** Mark blocks where at least 40% of the pixels differ from the background. */
export function activeBlocks(
  frame: Uint8Array,
  background: Uint8Array,
  input: GreyFrames,
  threshold: number,
) {
  const columns = Math.floor(input.width / blockSize);
  const rows = Math.floor(input.height / blockSize);
  const active = new Uint8Array(columns * rows);
  const needed = Math.ceil(blockSize * blockSize * 0.4);
  const offset0 = globalOffset(frame, background);
  for (let row = 0; row < rows; row += 1) {
    for (let column = 0; column < columns; column += 1) {
      let changed = 0;
      for (let y = row * blockSize; y < (row + 1) * blockSize; y += 1) {
        const offset = y * input.width;
        for (let x = column * blockSize; x < (column + 1) * blockSize; x += 1) {
          if (Math.abs(frame[offset + x]! - background[offset + x]! - offset0) > threshold)
            changed += 1;
        }
      }
      if (changed >= needed) active[row * columns + column] = 1;
    }
  }
  return { active, columns, rows };
}

/**
 * Bounding box of the connected groups of active blocks, ignoring lone blocks (compression
 * noise). Several objects in view at once give one box around all of them.
 */
export function measureFrame(
  frame: Uint8Array,
  background: Uint8Array,
  input: GreyFrames,
  threshold: number,
): Omit<FrameMotion, 't'> {
  const { active, columns, rows } = activeBlocks(frame, background, input, threshold);
  const seen = new Uint8Array(active.length);
  let minX = columns;
  let minY = rows;
  let maxX = -1;
  let maxY = -1;
  let kept = 0;
  for (let start = 0; start < active.length; start += 1) {
    if (active[start] === 0 || seen[start] === 1) continue;
    const group: number[] = [];
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const cell = stack.pop()!;
      group.push(cell);
      const x = cell % columns;
      const y = Math.floor(cell / columns);
      const neighbours = [
        x > 0 ? cell - 1 : -1,
        x < columns - 1 ? cell + 1 : -1,
        y > 0 ? cell - columns : -1,
        y < rows - 1 ? cell + columns : -1,
      ];
      for (const next of neighbours) {
        if (next >= 0 && active[next] === 1 && seen[next] === 0) {
          seen[next] = 1;
          stack.push(next);
        }
      }
    }
    if (group.length < 2) continue;
    kept += group.length;
    for (const cell of group) {
      minX = Math.min(minX, cell % columns);
      maxX = Math.max(maxX, cell % columns);
      minY = Math.min(minY, Math.floor(cell / columns));
      maxY = Math.max(maxY, Math.floor(cell / columns));
    }
  }
  if (kept === 0) return { box: null, areaFraction: 0 };
  const box: RelativeBox = [
    (minX * blockSize) / input.width,
    (minY * blockSize) / input.height,
    ((maxX - minX + 1) * blockSize) / input.width,
    ((maxY - minY + 1) * blockSize) / input.height,
  ];
  return {
    box: box.map(round4) as RelativeBox,
    areaFraction: (kept * blockSize * blockSize) / (input.width * input.height),
  };
}

/**
 * Estimate the empty scene as the most frequent grey level of each pixel. The empty scene
 * looks the same every time it shows, while each passing object looks different, so the
 * mode finds it even when objects are in view most of the time (where a median would not).
 */
export function estimateBackground(input: GreyFrames): Uint8Array {
  const step = Math.max(1, Math.floor(input.frames.length / backgroundSamples));
  const samples = input.frames.filter((_, index) => index % step === 0);
  const pixels = input.width * input.height;
  const background = new Uint8Array(pixels);
  const bins = new Uint16Array(256 / modeBinWidth);
  const sums = new Uint32Array(bins.length);
  for (let pixel = 0; pixel < pixels; pixel += 1) {
    bins.fill(0);
    sums.fill(0);
    for (const frame of samples) {
      const value = frame[pixel]!;
      bins[Math.floor(value / modeBinWidth)]! += 1;
      sums[Math.floor(value / modeBinWidth)]! += value;
    }
    let best = 0;
    let bestCount = -1;
    for (let bin = 0; bin < bins.length; bin += 1) {
      const count = bins[bin]! + (bins[bin - 1] ?? 0) + (bins[bin + 1] ?? 0);
      if (count > bestCount) {
        best = bin;
        bestCount = count;
      }
    }
    let total = 0;
    let count = 0;
    for (let bin = Math.max(0, best - 1); bin <= Math.min(bins.length - 1, best + 1); bin += 1) {
      total += sums[bin]!;
      count += bins[bin]!;
    }
    background[pixel] = Math.round(total / Math.max(1, count));
  }
  return background;
}

/**
 * Fix the parts of the background where the mode picked an object instead of the scene,
 * which happens where objects stand in the same spot most of the time. Those blocks stay
 * "active" even in the quietest frames; there the median of the quietest frames is used.
 */
export function repairBackground(
  input: GreyFrames,
  background: Uint8Array,
  threshold: number,
): Uint8Array {
  const step = Math.max(1, Math.floor(input.frames.length / backgroundSamples));
  const samples = input.frames.filter((_, index) => index % step === 0);
  const quiet = samples
    .map((frame) => ({
      frame,
      area: measureFrame(frame, background, input, threshold).areaFraction,
    }))
    .sort((a, b) => a.area - b.area)
    .slice(0, Math.max(3, Math.ceil(samples.length / 5)))
    .map((measured) => measured.frame);
  const columns = Math.floor(input.width / blockSize);
  const stuck = new Uint16Array(columns * Math.floor(input.height / blockSize));
  for (const frame of quiet) {
    const { active } = activeBlocks(frame, background, input, threshold);
    active.forEach((value, block) => {
      stuck[block]! += value;
    });
  }
  const repaired = Uint8Array.from(background);
  const values = new Uint8Array(quiet.length);
  stuck.forEach((count, block) => {
    if (count * 2 < quiet.length) return;
    const left = (block % columns) * blockSize;
    const top = Math.floor(block / columns) * blockSize;
    for (let y = top; y < top + blockSize; y += 1) {
      for (let x = left; x < left + blockSize; x += 1) {
        const pixel = y * input.width + x;
        quiet.forEach((frame, index) => {
          values[index] = frame[pixel]!;
        });
        values.sort();
        repaired[pixel] = values[values.length >> 1]!;
      }
    }
  });
  return repaired;
}

function round4(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** A made-up but stable detector score: bigger, clearer motion scores higher. */
function scoreFor(areaFraction: number): number {
  return Math.round((0.6 + 0.35 * Math.min(1, areaFraction / 0.15)) * 100) / 100;
}

function toEntry(
  run: FrameMotion[],
  frameSeconds: number,
  label: string,
  score?: number,
): TimelineEntry {
  // The snapshot is the largest box of the middle 60%: the object is fully in view there,
  // while at the edges of the run it is still entering or leaving.
  const middle = run.slice(Math.floor(run.length * 0.2), Math.max(1, Math.ceil(run.length * 0.8)));
  const best = middle.reduce((a, b) => (b.areaFraction > a.areaFraction ? b : a));
  return {
    start: round4(run[0]!.t),
    end: round4(run[run.length - 1]!.t + frameSeconds),
    label,
    score: score ?? scoreFor(best.areaFraction),
    box: best.box!,
    snapshot_time: round4(best.t),
    path: run
      .filter((frame) => frame.box !== null)
      .map((frame) => ({ t: round4(frame.t), box: frame.box! })),
  };
}

/**
 * Find stretches of motion in a clip and turn each into a timeline entry. Active frames less
 * than `maxGapSeconds` apart form one entry; entries shorter than `minEventSeconds` are dropped.
 */
export function detectMotion(
  input: GreyFrames,
  options: MotionAnalysisOptions,
  label: string,
  score?: number,
): TimelineEntry[] {
  if (input.frames.length === 0) return [];
  const frameSeconds = 1 / input.fps;
  const background = repairBackground(input, estimateBackground(input), options.pixelThreshold);
  const motion: FrameMotion[] = input.frames.map((frame, index) => ({
    t: index * frameSeconds,
    ...measureFrame(frame, background, input, options.pixelThreshold),
  }));
  const active = motion.filter(
    (frame) => frame.box !== null && frame.areaFraction >= options.minAreaFraction,
  );
  const runs: FrameMotion[][] = [];
  for (const frame of active) {
    const current = runs[runs.length - 1];
    const last = current?.[current.length - 1];
    if (current !== undefined && last !== undefined && frame.t - last.t <= options.maxGapSeconds)
      current.push(frame);
    else runs.push([frame]);
  }
  return runs
    .filter((run) => run[run.length - 1]!.t + frameSeconds - run[0]!.t >= options.minEventSeconds)
    .map((run) => toEntry(run, frameSeconds, label, score));
}
