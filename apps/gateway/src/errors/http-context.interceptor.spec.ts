import 'reflect-metadata';
import { Controller, Get, NestInterceptor, Post } from '@nestjs/common';
import { INTERCEPTORS_METADATA } from '@nestjs/common/constants';
import type { ModulesContainer } from '@nestjs/core';
import { requestContext } from '@grid122/observability';
import { PII_READ_ROUTES, REVEAL_ROUTES } from '../privacy/reveal-audit';
import { auditPersonalData, enterRequestContext } from './http-context.interceptor';

/** Controllers serving `routes` (method and full path), plus an ordinary report route, as Nest's container holds them. */
function container(routes: [method: 'GET' | 'POST', path: string][]) {
  const Ctl = class {} as unknown as { prototype: Record<string, unknown>; name: string };
  routes.forEach(([method, path], i) => {
    const name = `route${i}`;
    const fn = function () {};
    Object.defineProperty(Ctl.prototype, name, { value: fn, writable: true, configurable: true });
    (method === 'GET' ? Get : Post)(path)(Ctl.prototype, name, Object.getOwnPropertyDescriptor(Ctl.prototype, name)!);
  });
  Controller('')(Ctl as never);
  class Incidents {
    report() {}
  }
  Post('incidents')(Incidents.prototype, 'report', Object.getOwnPropertyDescriptor(Incidents.prototype, 'report')!);
  Controller('api/v1')(Incidents);
  const modules = new Map([['m', { controllers: new Map<string, { metatype: unknown }>([['a', { metatype: Ctl }], ['b', { metatype: Incidents }]]) }]]);
  return { modules: modules as unknown as ModulesContainer, Ctl, Incidents };
}

const ALL: [('GET' | 'POST'), string][] = [...Object.keys(REVEAL_ROUTES).map((p): ['POST', string] => ['POST', p]), ...Object.keys(PII_READ_ROUTES).map((p): ['GET', string] => ['GET', p])];
const audit: NestInterceptor = { intercept: (_c, next) => next.handle() };

describe('auditPersonalData', () => {
  it('puts the audit on every listed reveal (POST) and read (GET) route, and on no other', () => {
    const { modules, Ctl, Incidents } = container(ALL);
    auditPersonalData(modules, audit);
    ALL.forEach((_, i) => expect(Reflect.getMetadata(INTERCEPTORS_METADATA, Ctl.prototype[`route${i}`] as object)).toEqual([audit]));
    expect(Reflect.getMetadata(INTERCEPTORS_METADATA, Incidents.prototype.report)).toBeUndefined();
  });

  it('refuses to start when a listed route has no handler, or has it under another method', () => {
    const [first, ...rest] = ALL;
    expect(() => auditPersonalData(container(rest).modules, audit)).toThrow(first[1]);
    expect(() => auditPersonalData(container([[first[0] === 'GET' ? 'POST' : 'GET', first[1]], ...rest]).modules, audit)).toThrow(first[1]);
  });
});

describe('enterRequestContext', () => {
  it('runs the rest of the request with its id and, on a command, its Idempotency-Key', () => {
    let seen: unknown;
    enterRequestContext({ id: 'req-1', method: 'POST', headers: { 'idempotency-key': 'k-1' } }, () => (seen = requestContext.get()));
    expect(seen).toEqual({ requestId: 'req-1', idempotencyKey: 'k-1' });
    enterRequestContext({ id: 'req-2', method: 'GET', headers: { 'idempotency-key': 'k-2' } }, () => (seen = requestContext.get()));
    expect(seen).toEqual({ requestId: 'req-2', idempotencyKey: undefined });
  });
});
