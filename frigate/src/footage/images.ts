import type { FfmpegBinaries } from '../ffmpeg/binaries';
import { runFfmpeg } from '../ffmpeg/run';
import type { RelativeBox } from '../types';

/** Image files made from one frame of an object's clip. */
export interface ObjectImages {
  /** Full frame with the box drawn, as Frigate saves `clips/<camera>-<id>.jpg`. */
  snapshot: string;
  /** Crop around the object, 175 px tall, as Frigate's event thumbnails. */
  thumbnailWebp: string;
  thumbnailJpg: string;
  /** Crop around the object, 270 px tall, as the retained `<camera>/<label>/snapshot` topic. */
  mqttSnapshot: string;
  /** Full frame 180 px tall, as Frigate's review thumbnails. */
  reviewWebp: string;
}

const labelColours: Record<string, string> = {
  person: '0xff6a00',
  car: '0x00c0ff',
  dog: '0x40ff40',
  cat: '0xff40ff',
};

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/** A square around the box, 20% larger than its longer side, kept inside the frame. */
export function cropAround(box: RelativeBox, width: number, height: number) {
  const side = Math.min(
    even(Math.max(box[2] * width, box[3] * height) * 1.2),
    even(Math.min(width, height)) - 2,
  );
  const centreX = (box[0] + box[2] / 2) * width;
  const centreY = (box[1] + box[3] / 2) * height;
  const x = Math.min(Math.max(0, Math.round(centreX - side / 2)), width - side);
  const y = Math.min(Math.max(0, Math.round(centreY - side / 2)), height - side);
  return { x, y, side: Math.max(2, side) };
}

/**
 * Write every image of an object from the frame at `seconds`, in one ffmpeg run. JPEG
 * quality 3 on ffmpeg's scale is close to Frigate's default quality of 70.
 */
export async function writeObjectImages(
  binaries: FfmpegBinaries,
  clipPath: string,
  seconds: number,
  frame: { width: number; height: number },
  box: RelativeBox,
  label: string,
  output: ObjectImages,
): Promise<void> {
  const crop = cropAround(box, frame.width, frame.height);
  const boxX = Math.round(box[0] * frame.width);
  const boxY = Math.round(box[1] * frame.height);
  const boxW = Math.max(2, Math.round(box[2] * frame.width));
  const boxH = Math.max(2, Math.round(box[3] * frame.height));
  const colour = labelColours[label] ?? '0xffff00';
  const cropFilter = `crop=${crop.side}:${crop.side}:${crop.x}:${crop.y}`;
  const graph = [
    '[0:v]split=5[full][t1][t2][m][r]',
    `[full]drawbox=x=${boxX}:y=${boxY}:w=${boxW}:h=${boxH}:color=${colour}:t=3[snapshot]`,
    `[t1]${cropFilter},scale=-2:175[thumbWebp]`,
    `[t2]${cropFilter},scale=-2:175[thumbJpg]`,
    `[m]${cropFilter},scale=-2:270[mqtt]`,
    '[r]scale=-2:180[review]',
  ].join(';');
  const single = ['-frames:v', '1', '-update', '1'];
  await runFfmpeg(binaries, [
    '-ss',
    seconds.toFixed(3),
    '-i',
    clipPath,
    '-filter_complex',
    graph,
    '-map',
    '[snapshot]',
    ...single,
    '-q:v',
    '3',
    output.snapshot,
    '-map',
    '[thumbWebp]',
    ...single,
    '-quality',
    '60',
    output.thumbnailWebp,
    '-map',
    '[thumbJpg]',
    ...single,
    '-q:v',
    '3',
    output.thumbnailJpg,
    '-map',
    '[mqtt]',
    ...single,
    '-q:v',
    '3',
    output.mqttSnapshot,
    '-map',
    '[review]',
    ...single,
    '-quality',
    '60',
    output.reviewWebp,
  ]);
}

/** Scale an image to `height` pixels and write it in the format of `outputPath`'s extension. */
export async function convertImage(
  binaries: FfmpegBinaries,
  inputPath: string,
  outputPath: string,
  height: number,
): Promise<void> {
  await runFfmpeg(binaries, [
    '-i',
    inputPath,
    '-vf',
    `scale=-2:${height}`,
    '-frames:v',
    '1',
    '-update',
    '1',
    outputPath,
  ]);
}
