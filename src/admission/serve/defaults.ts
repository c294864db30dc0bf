// Settings the CLI shows in `--help`, kept apart from the server and logger modules so that
// declaring the command does not load fastify or pino.

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

export const DEFAULT_MAX_BODY_BYTES = 3 * 1024 * 1024;
