import { mkdir, stat } from 'node:fs/promises';
import { BackupOptionError, getRemoteType } from '../engine';
import type { BackupSettings } from '../settings';

/**
 * Checks what makes a run fail at once, before it goes to the background: the media
 * folder, the rclone binary (RcloneNotFoundError), the remote (RcloneUnknownRemoteError)
 * and, with `crypt`, that the remote encrypts. Creates the folder behind the `local` remote.
 */
export async function preflight(settings: BackupSettings): Promise<void> {
  if (settings.mediaDir === null) {
    throw new BackupOptionError(
      'media_dir',
      "Frigate's media folder is not set.",
      'Set FRIGATE_MEDIA_DIR, or the plugin setting media_dir, to the folder that holds recordings/ and clips/.',
    );
  }
  const media = await stat(settings.mediaDir).catch(() => null);
  if (!media?.isDirectory()) {
    throw new BackupOptionError(
      'media_dir',
      `Frigate's media folder ${settings.mediaDir} does not exist or is not a folder.`,
      'Mount the media folder, or correct FRIGATE_MEDIA_DIR or the plugin setting media_dir.',
    );
  }
  if (settings.localRemoteDir !== null) await mkdir(settings.localRemoteDir, { recursive: true });

  const type = await getRemoteType(settings.remote, settings.rclone);
  if (settings.crypt && type !== 'crypt') {
    throw new BackupOptionError(
      'crypt',
      `The remote "${settings.remote}" is of type ${type}, but the setting crypt requires a crypt remote.`,
      'Set remote to a crypt remote (see rclone/README.md), or set crypt to false.',
    );
  }
}
