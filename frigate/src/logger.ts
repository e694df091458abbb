/** The subset of a pino logger the simulator calls: an object first, then a message. */
export interface SimulatorLogger {
  debug(object: object, message: string): void;
  info(object: object, message: string): void;
  warn(object: object, message: string): void;
  error(object: object, message: string): void;
}

export const silentLogger: SimulatorLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

type Level = 'debug' | 'info' | 'warn' | 'error';
const levelRank: Record<Level, number> = { debug: 20, info: 30, warn: 40, error: 50 };

/** Logger writing one JSON line per entry to stderr, in pino's field layout. */
export function createJsonLogger(minimum: Level = 'info'): SimulatorLogger {
  const write = (level: Level) => (object: object, message: string) => {
    if (levelRank[level] < levelRank[minimum]) return;
    const entry: Record<string, unknown> = { level: levelRank[level], time: Date.now() };
    for (const [key, value] of Object.entries(object)) {
      entry[key] = value instanceof Error ? { message: value.message, stack: value.stack } : value;
    }
    entry.msg = message;
    process.stderr.write(`${JSON.stringify(entry)}\n`);
  };
  return { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
}
