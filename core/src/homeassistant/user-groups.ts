import type { Logger } from 'pino';

/** A user as Home Assistant's `config/auth/list` WebSocket command returns it (fields we read). */
interface HomeAssistantUser {
  id: string;
  group_ids?: unknown;
}

/** Sends one WebSocket command to Home Assistant; HomeAssistantBridge.command fits. */
export type HomeAssistantCommand = <T>(
  message: { type: string } & Record<string, unknown>,
) => Promise<T>;

/**
 * Home Assistant groups of a user (`system-admin`, `system-users`, `system-read-only` or a
 * custom group id), for the ingress role map. Reads the user list with `config/auth/list`, an
 * administrator command that the add-on's Supervisor token may send, and keeps it for
 * `ttlMs`, so that opening the panel does not cost a WebSocket round trip per request.
 */
export class HomeAssistantUserGroups {
  private cache: { at: number; groups: Map<string, string[]> } | undefined;
  private pending: Promise<Map<string, string[]>> | undefined;

  constructor(
    private readonly options: {
      command: HomeAssistantCommand;
      log: Logger;
      ttlMs?: number;
      now?: () => number;
    },
  ) {}

  /** Group ids of the user; rejects when Home Assistant cannot be asked. */
  async groupsOf(haUserId: string): Promise<string[]> {
    const groups = await this.load();
    return groups.get(haUserId) ?? [];
  }

  private async load(): Promise<Map<string, string[]>> {
    const now = (this.options.now ?? Date.now)();
    if (this.cache !== undefined && now - this.cache.at < (this.options.ttlMs ?? 60_000))
      return this.cache.groups;
    // Requests arriving together share one command.
    this.pending ??= this.fetch(now).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  private async fetch(now: number): Promise<Map<string, string[]>> {
    let users: unknown;
    try {
      users = await this.options.command<unknown>({ type: 'config/auth/list' });
    } catch (error) {
      this.options.log.warn({ err: error }, 'reading home assistant users failed');
      throw error;
    }
    const groups = new Map<string, string[]>();
    for (const user of Array.isArray(users) ? (users as HomeAssistantUser[]) : []) {
      if (typeof user?.id !== 'string') continue;
      const ids = Array.isArray(user.group_ids)
        ? user.group_ids.filter((id): id is string => typeof id === 'string')
        : [];
      groups.set(user.id, ids);
    }
    this.cache = { at: now, groups };
    return groups;
  }
}
