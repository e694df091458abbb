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

export interface BusTopics {
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
