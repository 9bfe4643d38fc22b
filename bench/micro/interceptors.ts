// What one Nest interceptor layer costs a request, in-process (issue 27 item 2; docs/performance.md
// section 17): Nest's own InterceptorsConsumer over a handler that answers at once, with two global
// interceptors (a context one and one that passes the request through, as the gateway's context and
// reveal audit were, and a service's RPC context and idempotency claim) against one that runs the
// second inside the first. Alternating rounds, median; process.cpuUsage, so a loaded machine
// inflates it less than wall time:
//   node --require ./scripts/swc-register.js bench/micro/interceptors.ts
import 'reflect-metadata';
import { AsyncLocalStorage } from 'node:async_hooks';
import { CallHandler, ExecutionContext, NestInterceptor } from '@nestjs/common';
import { InterceptorsConsumer } from '@nestjs/core/interceptors/interceptors-consumer';
import { lastValueFrom, Observable } from 'rxjs';

const als = new AsyncLocalStorage<{ requestId: string }>();
/** The second layer's own work for a request it does not act on (the reveal audit for POST /incidents: a route lookup). */
const passThrough = (ctx: ExecutionContext, next: CallHandler): Observable<unknown> => {
  const req = ctx.getArgByIndex<{ method: string; url: string }>(0);
  const routes: Record<string, string> = { '/api/v1/petitions/:id/reveal': 'petitions.petition' };
  return req.method === 'POST' && routes[req.url] ? next.handle() : next.handle();
};
const context: NestInterceptor = { intercept: (_ctx, next) => new Observable((sub) => als.run({ requestId: 'r' }, () => next.handle().subscribe(sub))) };
const second: NestInterceptor = { intercept: passThrough };
const folded: NestInterceptor = { intercept: (ctx, next) => new Observable((sub) => als.run({ requestId: 'r' }, () => passThrough(ctx, next).subscribe(sub))) };

const consumer = new InterceptorsConsumer();
class Controller {}
const instance = new Controller();
const handler = () => undefined;
const once = async (interceptors: NestInterceptor[]) =>
  lastValueFrom((await consumer.intercept(interceptors, [{ method: 'POST', url: '/api/v1/incidents' }, {}], instance, handler, async () => ({ id: 'x' }), 'http')) as Observable<unknown>);
const cpu = () => { const u = process.cpuUsage(); return u.user + u.system; };
async function round(interceptors: NestInterceptor[], n: number): Promise<number> {
  const t = cpu();
  for (let i = 0; i < n; i++) await once(interceptors);
  return (cpu() - t) / n;
}
(async () => {
  const n = 20000;
  for (let i = 0; i < n; i++) { await once([context, second]); await once([folded]); }
  const two: number[] = [];
  const one: number[] = [];
  for (let r = 0; r < 9; r++) { two.push(await round([context, second], n)); one.push(await round([folded], n)); }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`two interceptors: ${median(two).toFixed(1)} µs CPU a request (rounds ${two.map((x) => x.toFixed(0)).join(', ')})`);
  console.log(`one (the second run inside the first): ${median(one).toFixed(1)} µs (rounds ${one.map((x) => x.toFixed(0)).join(', ')})`);
})();
