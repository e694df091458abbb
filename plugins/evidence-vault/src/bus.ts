import type { ActorRef } from '@centinela/core';

/** Published on the event bus after an export is complete and recorded. */
export interface EvidenceExportedMessage {
  siteId: string;
  exportId: string;
  eventId: string;
  frigateEventId: string;
  cameraId: string;
  camera: string;
  format: 'mp4' | 'jpg';
  fileName: string;
  size: number;
  sha256: string;
  actor: ActorRef;
  /** ISO 8601 UTC. */
  createdAt: string;
}

declare module '@centinela/core' {
  interface BusTopics {
    'evidence.exported': EvidenceExportedMessage;
  }
}
