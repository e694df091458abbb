import { Subject, filter, map, type Observable } from 'rxjs';

/**
 * Topics on the in-process event bus and the payload each carries. Plugins add topics by
 * declaration merging on this interface, so publishing and subscribing stay type-checked.
 */
/** Who did something, as the audit log records it. */
export interface ActorRef {
  id: string | null;
  address: string | null;
  userAgent: string | null;
}

/** A detection that was created, updated or ended, as the frigate-events plugin stored it. */
export interface DetectionMessage {
  siteId: string;
  kind: 'new' | 'update' | 'end';
  /** Centinela's event id. */
  eventId: string;
  frigateEventId: string;
  cameraId: string;
  /** Frigate's camera key. */
  camera: string;
  label: string;
  subLabel: string | null;
  score: number | null;
  /** ISO 8601 UTC. */
  startTime: string;
  endTime: string | null;
  hasSnapshot: boolean;
  hasClip: boolean;
  zones: string[];
}

/** The outcome of a backup run. */
export interface BackupFinishedMessage {
  siteId: string;
  runId: string;
  status: 'ok' | 'failed' | 'partial';
  day: string;
  dryRun: boolean;
  bytes: number;
  files: number;
  errors: number;
  finishedAt: string;
}

/** The cameras of a site changed (discovered from Frigate, added, renamed or removed). */
export interface CamerasChangedMessage {
  siteId: string;
  cameras: Array<{ id: string; name: string; friendlyName: string; labels: string[]; enabled: boolean }>;
}

export interface BusTopics {
  detection: DetectionMessage;
  'cameras.changed': CamerasChangedMessage;
  'backup.finished': BackupFinishedMessage;
  /** A plugin was installed, reconfigured or removed on a site. */
  'plugin.changed': {
    siteId: string;
    plugin: string;
    action: 'install' | 'configure' | 'remove' | 'purge';
    actor: ActorRef;
    /** Configuration after the change, with secrets masked. */
    config?: Record<string, unknown>;
  };
  /** A request was refused with 403; the audit log records these. */
  'access.denied': {
    siteId: string | null;
    actorId: string | null;
    permission: string;
    method: string;
    url: string;
    address: string;
    userAgent: string | null;
  };
}

export type BusTopic = keyof BusTopics & string;

export interface BusMessage<T extends BusTopic = BusTopic> {
  topic: T;
  payload: BusTopics[T];
}

/**
 * The in-process event bus (rxjs). It is per application instance, never a module-level
 * singleton, so that two instances in one process (tests) or a future cluster stay apart.
 */
export class EventBus {
  private readonly subject = new Subject<BusMessage>();

  publish<T extends BusTopic>(topic: T, payload: BusTopics[T]): void {
    this.subject.next({ topic, payload } as BusMessage);
  }

  on<T extends BusTopic>(topic: T): Observable<BusTopics[T]> {
    return this.subject.pipe(
      filter((message): message is BusMessage<T> => message.topic === topic),
      map((message) => message.payload),
    );
  }

  all(): Observable<BusMessage> {
    return this.subject.asObservable();
  }

  complete(): void {
    this.subject.complete();
  }
}
