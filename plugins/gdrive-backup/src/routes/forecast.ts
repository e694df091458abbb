import type { FastifyInstance } from 'fastify';
import { BackupOptionError } from '../engine';
import { assertDay } from '../engine/day';
import { engineProblem } from '../errors';
import type { BackupService } from '../service';

/** `GET /api/backups/forecast`: remote size for the retention window, from measured bitrates. */
export function registerForecastRoute(app: FastifyInstance, service: BackupService): void {
  app.get<{ Querystring: { day?: string } }>(
    '/backups/forecast',
    {
      config: { permission: 'backups:read' },
      schema: {
        tags: ['backups'],
        summary:
          "Storage forecast: each camera's bitrate measured from a day of recordings, times the retention window.",
        querystring: {
          type: 'object',
          additionalProperties: false,
          properties: {
            day: {
              type: 'string',
              pattern: '^\\d{4}-\\d{2}-\\d{2}$',
              description: 'UTC day of recordings to measure; default the newest complete day.',
            },
            site_id: { type: 'string' },
          },
        },
      },
    },
    async (request) => {
      const day = request.query.day;
      if (day !== undefined) {
        try {
          assertDay(day);
        } catch (error) {
          if (error instanceof BackupOptionError) throw engineProblem(error, 'querystring/day');
          throw error;
        }
      }
      return service.forecast(request.siteId, day);
    },
  );
}
