import { Injectable, OnModuleInit, Type } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { FastifyInstance } from 'fastify';

/**
 * A provider that teaches Fastify (which parses JSON only) another body type when its module
 * starts, before the server is ready: `parse` gets the body read whole (`parseAs`, bounded at
 * `bodyLimit`), or, with `parse` null, the body is left unread for a route that streams it.
 */
export function bodyParser(types: string[], parse: ((body: string | Buffer) => unknown) | null, read?: { parseAs: 'string' | 'buffer'; bodyLimit: number }): Type<OnModuleInit> {
  @Injectable()
  class BodyParser implements OnModuleInit {
    constructor(private readonly host: HttpAdapterHost) {}

    onModuleInit(): void {
      const fastify = this.host.httpAdapter?.getInstance?.() as FastifyInstance | undefined;
      if (!fastify?.addContentTypeParser || fastify.hasContentTypeParser(types[0])) return;
      if (!parse) fastify.addContentTypeParser(types, (_req, _payload, done) => done(null, undefined));
      else if (read?.parseAs === 'string') fastify.addContentTypeParser(types, { parseAs: 'string', bodyLimit: read.bodyLimit }, (_req, body, done) => done(null, parse(body)));
      else fastify.addContentTypeParser(types, { parseAs: 'buffer', bodyLimit: read?.bodyLimit }, (_req, body, done) => done(null, parse(body)));
    }
  }
  Object.defineProperty(BodyParser, 'name', { value: `BodyParser(${types.join(',')})` });
  return BodyParser;
}
