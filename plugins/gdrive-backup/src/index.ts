import type { CentinelaPlugin } from '@centinela/core';
import { manifest } from './manifest';

/** Nightly encrypted, verified backup of recordings, clips and evidence through rclone. */
export const gdriveBackupPlugin: CentinelaPlugin = { manifest };
export default gdriveBackupPlugin;
