import type { FastifyInstance } from 'fastify';

export interface CheckResult {
  state: 'up' | 'down' | 'disabled';
  detail?: string;
  latency_ms?: number;
}

export type ReadinessCheck = () => Promise<CheckResult>;

const CHECK_TIMEOUT_MS = 3000;

/** Named readiness checks (database, broker, Frigate ...) that `GET /api/ready` runs. */
export class HealthChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  async run(): Promise<Record<string, CheckResult>> {
    const entries = await Promise.all(
      [...this.checks].map(async ([name, check]) => [name, await runOne(check)] as const),
    );
    return Object.fromEntries(entries);
  }
}

async function runOne(check: ReadinessCheck): Promise<CheckResult> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => resolve({ state: 'down', detail: `no answer within ${CHECK_TIMEOUT_MS} ms` }), CHECK_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([check(), timeout]);
    return { latency_ms: Math.round(performance.now() - started), ...result };
  } catch (error) {
    return { state: 'down', detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

const checkSchema = {
  type: 'object',
  properties: {
    state: { type: 'string', enum: ['up', 'down', 'disabled'] },
    detail: { type: 'string' },
    latency_ms: { type: 'number' },
  },
};

export function registerHealthRoutes(app: FastifyInstance, checks: HealthChecks, version: string): void {
  app.get(
    '/api/health',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Liveness: the process answers.',
        response: { 200: { type: 'object', properties: { status: { type: 'string' }, version: { type: 'string' } } } },
      },
    },
    async () => ({ status: 'ok', version }),
  );

  app.get(
    '/api/ready',
    {
      config: { public: true },
      schema: {
        tags: ['health'],
        summary: 'Readiness: database, broker and Frigate, each with its state.',
        response: {
          200: { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: checkSchema } } },
          503: { type: 'object', properties: { status: { type: 'string' }, checks: { type: 'object', additionalProperties: checkSchema } } },
        },
      },
    },
    async (_request, reply) => {
      const results = await checks.run();
      const ready = Object.values(results).every((result) => result.state !== 'down');
      if (!ready) reply.code(503).header('retry-after', '5');
      return { status: ready ? 'ready' : 'not_ready', checks: results };
    },
  );
}
