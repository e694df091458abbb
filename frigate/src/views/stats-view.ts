import { statfsSync } from 'node:fs';

import type { CameraInfo } from '../routes/deps';
import type { EventStore } from '../store/event-store';
import type { VersionInfo } from '../version';

export interface StatsViewOptions {
  cameras: CameraInfo[];
  store: EventStore;
  version: VersionInfo;
  mediaDir: string;
  startedAt: number;
  now: number;
}

function mebibytes(bytes: number): number {
  return Math.round((bytes / 1048576) * 10) / 10;
}

/** Usage of the file system holding `path`, in MiB as Frigate reports it. */
function storage(path: string, mountType: string) {
  try {
    const info = statfsSync(path);
    const total = info.blocks * info.bsize;
    const free = info.bavail * info.bsize;
    return {
      total: mebibytes(total),
      used: mebibytes(total - free),
      free: mebibytes(free),
      mount_type: mountType,
    };
  } catch {
    return { total: 0, used: 0, free: 0, mount_type: mountType };
  }
}

/**
 * `GET /api/stats` (and the `stats` topic). Process ids are this process's; the mount type is
 * a placeholder because Node has no portable way to read it.
 */
export function buildStatsView(options: StatsViewOptions): Record<string, unknown> {
  const pid = process.pid;
  const cameras: Record<string, unknown> = {};
  let detectionFps = 0;
  for (const camera of options.cameras) {
    const active = options.store.open().some((tracked) => tracked.event.camera === camera.name);
    const cameraDetectionFps = active ? 5 : 0;
    detectionFps += cameraDetectionFps;
    cameras[camera.name] = {
      camera_fps: camera.fps,
      process_fps: 5,
      skipped_fps: 0,
      detection_fps: cameraDetectionFps,
      detection_enabled: true,
      pid,
      capture_pid: pid,
      ffmpeg_pid: pid,
      audio_rms: 0,
      audio_dBFS: 0,
    };
  }
  return {
    cameras,
    cpu_usages: { [String(pid)]: { cpu: '1.0', cpu_average: '1.0', mem: '1.0' } },
    detection_fps: detectionFps,
    detectors: { cpu: { detection_start: 0, inference_speed: 10.5, pid } },
    gpu_usages: {},
    processes: { go2rtc: { pid }, recording: { pid }, review_segment: { pid } },
    service: {
      last_updated: Math.floor(options.now),
      latest_version: options.version.release,
      storage: {
        '/dev/shm': storage('/dev/shm', 'tmpfs'),
        '/media/frigate/clips': storage(options.mediaDir, 'ext4'),
        '/media/frigate/recordings': storage(options.mediaDir, 'ext4'),
        '/tmp/cache': storage('/tmp', 'tmpfs'),
      },
      temperatures: {},
      uptime: Math.floor(options.now - options.startedAt),
      version: options.version.text,
    },
  };
}
