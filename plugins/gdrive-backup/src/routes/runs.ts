import { actorOf, type PluginContext } from '@centinela/core';
import type { FastifyInstance } from 'fastify';
import { todayIn } from '../days';
import { BackupOptionError, oldestKeptDay } from '../engine';
import { assertDay } from '../engine/day';
import { BackupErrors, engineProblem } from '../errors';
import { runToJson } from '../runs/serialize';
import type { BackupService } from '../service';
import { decodeCursor, encodeCursor } from './cursor';

const DAY_PATTERN = '^\\d{4}-\\d{2}-\\d{2}$';
const UUID_PATTERN =
  '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

interface ListQuery {
  limit?: number;
  cursor?: string;
}

interface StartBody {
  day?: string;
  dry_run?: boolean;
}

/** `GET|POST /api/backups/runs` and `GET /api/backups/runs/{id}`. */
export function registerRunRoutes(
  app: FastifyInstance,
  context: PluginContext,
  service: BackupService,
): void {
  app.get<{ Querystring: ListQuery }>(
    '/backups/runs',
    {
      config: { permission: 'backups:read' },
      schema: {
        tags: ['backups'],
        summary: 'Backup runs of the site, newest first.',
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            limit: { type: 'integer', minimum: 1, maximum: 200, default: 50 },
            cursor: { type: 'string', maxLength: 500 },
            site_id: { type: 'string' },
          },
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 50;
      const cursor =
        request.query.cursor === undefined ? undefined : decodeCursor(request.query.cursor);
      const rows = await service.runs.list(request.siteId, limit + 1, cursor);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      return {
        items: page.map(runToJson),
        next_cursor: rows.length > limit && last !== undefined ? encodeCursor(last) : null,
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/backups/runs/:id',
    {
      config: { permission: 'backups:read' },
      schema: {
        tags: ['backups'],
        summary: 'One backup run with its errors, per-part results and log excerpt.',
        params: {
          type: 'object',
          required: ['id'],
          properties: { id: { type: 'string', pattern: UUID_PATTERN } },
        },
      },
    },
    async (request) => {
      const run = await service.runs.get(request.siteId, request.params.id);
      if (run === undefined) throw BackupErrors.runNotFound(request.params.id);
      return runToJson(run);
    },
  );

  app.post<{ Body: StartBody | undefined }>(
    '/backups/runs',
    {
      config: { permission: 'backups:run' },
      schema: {
        tags: ['backups'],
        summary: 'Start a backup run (or a dry run) now; it continues in the background.',
        body: {
          type: 'object',
          additionalProperties: false,
          properties: {
            day: { type: 'string', pattern: DAY_PATTERN, description: 'Default: yesterday.' },
            dry_run: { type: 'boolean', default: false },
          },
        },
      },
    },
    async (request, reply) => {
      const siteId = request.siteId;
      const day = request.body?.day ?? service.defaultDay(siteId);
      const dryRun = request.body?.dry_run ?? false;
      checkDay(service, siteId, day, dryRun);
      const run = await service.startRun(siteId, {
        trigger: 'manual',
        day,
        dryRun,
        actor: actorOf(request),
      });
      if (run === null)
        throw new Error('A manual backup run was skipped, which only schedules may do.');
      context.log.debug({ siteId, runId: run.id }, 'manual backup run accepted');
      return reply.code(202).send(runToJson(run));
    },
  );
}

/**
 * Rejects an impossible date, a day that has not begun in the site's day calendar, and a
 * real run of a day so old that the run's own retention step would remove it again.
 */
function checkDay(service: BackupService, siteId: string, day: string, dryRun: boolean): void {
  try {
    assertDay(day);
  } catch (error) {
    if (error instanceof BackupOptionError) throw engineProblem(error, 'body/day');
    throw error;
  }
  const settings = service.settingsFor(siteId);
  const today = todayIn(new Date(), settings.dayMode, settings.timezone);
  if (day > today) {
    throw engineProblem(
      new BackupOptionError(
        'day',
        `The day ${day} is after today (${today}); there is nothing to back up yet.`,
        'Give a past day, or leave day out to back up yesterday.',
      ),
      'body/day',
    );
  }
  const oldestKept = oldestKeptDay(today, settings.retentionDays);
  if (!dryRun && day < oldestKept) {
    throw engineProblem(
      new BackupOptionError(
        'day',
        `The day ${day} is older than the retention window (retention_days ${settings.retentionDays} keeps ${oldestKept} and later), so the run would remove it from the remote again.`,
        'Raise retention_days in the plugin settings, or start a dry run to see what the day contains.',
      ),
      'body/day',
    );
  }
}
