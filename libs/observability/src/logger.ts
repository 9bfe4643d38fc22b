import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { requestContext } from './request-context';

/**
 * Paths never written to logs (PIPL): credentials and personal data. Tested in logger.spec.ts.
 */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'accessToken',
  '*.accessToken',
  'apiKey',
  '*.apiKey',
  'phone',
  '*.phone',
  'idNumber',
  '*.idNumber',
  'body.phone',
  'body.idNumber',
  'body.password',
];

export function createLogger(app: string, level = 'info', destination?: pino.DestinationStream): Logger {
  return pino(
    {
      name: app,
      level,
      base: { app },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      mixin() {
        const ctx = requestContext.get();
        return ctx ? { requestId: ctx.requestId, actorId: ctx.actorId } : {};
      },
    },
    destination,
  );
}

/** Nest's LoggerService on top of pino: structured JSON, one line per entry. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, context?: string) {
    this.write('info', message, context);
  }
  error(message: unknown, trace?: string, context?: string) {
    this.logger.error({ context, trace }, stringify(message));
  }
  warn(message: unknown, context?: string) {
    this.write('warn', message, context);
  }
  debug(message: unknown, context?: string) {
    this.write('debug', message, context);
  }
  verbose(message: unknown, context?: string) {
    this.write('trace', message, context);
  }
  fatal(message: unknown, context?: string) {
    this.write('fatal', message, context);
  }

  private write(level: 'info' | 'warn' | 'debug' | 'trace' | 'fatal', message: unknown, context?: string) {
    if (typeof message === 'object' && message !== null) this.logger[level]({ context, ...message });
    else this.logger[level]({ context }, stringify(message));
  }
}

function stringify(message: unknown): string {
  return typeof message === 'string' ? message : message instanceof Error ? message.message : JSON.stringify(message);
}
