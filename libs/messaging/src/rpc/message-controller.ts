import { Controller, Type } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, ReplyOf, RequestOf, RpcContract } from '@grid122/contracts';
import { OWNS_IDEMPOTENCY_KEY } from '../idempotency/idempotency.interceptor';
import { CurrentActor } from './actor';

/** The instances a controller is given, by the names its table calls them (`{ cases: CaseService }` → `s.cases`). */
export type Injected<D extends Record<string, Type>> = { readonly [K in keyof D]: InstanceType<D[K]> };

/** One NATS handler of a table: the contract it answers and what answers it. */
export interface TableHandler<S> {
  readonly contract: RpcContract;
  readonly answer: (services: S, request: never, actor: Actor) => unknown;
  readonly options?: HandlerOptions;
}

export interface HandlerOptions {
  /** The answer does not need a caller (`@CurrentActor(true)`): a request without a verified actor gets `undefined`, not UNAUTHENTICATED. */
  actorOptional?: true;
  /**
   * The request carries the client's Idempotency-Key as its own field (`idempotencyKey`, filled by
   * the gateway from the header) and the handler keeps it in its own transaction (the office's
   * intake, diaries and Open311 POST: `office.idempotency_keys`): the shared IdempotencyStore does not record the
   * same key a second time when the header's key is the request's (`OWNS_IDEMPOTENCY_KEY`).
   */
  ownsIdempotencyKey?: true;
}

/**
 * A table line: the contract, and the answer given the controller's services, the request (the
 * contract's own class, validated by the global pipe) and the actor the gateway vouched for; the
 * answer must be the contract's reply.
 */
export type On<S> = <C extends RpcContract>(
  contract: C,
  answer: (services: S, request: RequestOf<C>, actor: Actor) => ReplyOf<C> | Promise<ReplyOf<C>>,
  options?: HandlerOptions,
) => TableHandler<S>;

function lineOf<S>(): On<S> {
  return (contract, answer, options) => ({ contract, answer: answer as TableHandler<S>['answer'], options });
}

/**
 * A service's NATS controller from a table, the service-side twin of the gateway's route table:
 *
 *   export const CaseMessageController = messageController('CaseMessageController', { intake: CaseIntakeService, queries: CaseQueryService }, (on) => [
 *     on(OpenEnforcementCase, (s, req, a) => s.intake.open(a, req)),
 *     on(GetEnforcementCase, (s, req, a) => s.queries.get(a, req)),
 *   ]);
 *
 * Each line is an ordinary `@MessagePattern(contract.subject)` handler named after its subject,
 * whose `@Payload()` is the contract's request class (so the global validation pipe checks it as
 * before) and whose actor is `@CurrentActor()`; the services are injected by their classes.
 * A handler that needs more than one call (a workbook built from rows) stays a hand-written method.
 */
export function messageController<D extends Record<string, Type>>(
  name: string,
  services: D,
  table: (on: On<Injected<D>>) => readonly TableHandler<Injected<D>>[],
): Type {
  const keys = Object.keys(services);
  const Ctl = {
    [name]: class {
      constructor(...instances: unknown[]) {
        keys.forEach((k, i) => Object.defineProperty(this, k, { value: instances[i], enumerable: true }));
      }
    },
  }[name];
  Reflect.defineMetadata('design:paramtypes', keys.map((k) => services[k]), Ctl);
  for (const h of table(lineOf<Injected<D>>())) addHandler(Ctl, h as TableHandler<unknown>);
  Controller()(Ctl);
  return Ctl;
}

function addHandler(Ctl: Type, h: TableHandler<unknown>): void {
  const proto = Ctl.prototype as Record<string, unknown>;
  const method = h.contract.subject;
  if (Object.prototype.hasOwnProperty.call(proto, method)) throw new Error(`${Ctl.name} answers ${method} twice`);
  function handler(this: unknown, request: never, actor: Actor) {
    return h.answer(this, request, actor);
  }
  Object.defineProperty(handler, 'name', { value: method });
  Object.defineProperty(proto, method, { value: handler, writable: true, configurable: true, enumerable: false });
  // Parameter decorators run last parameter first, as TypeScript applies them.
  CurrentActor(h.options?.actorOptional ?? false)(proto, method, 1);
  Payload()(proto, method, 0);
  Reflect.defineMetadata('design:paramtypes', [h.contract.Request, Object], proto, method);
  Reflect.defineMetadata('design:returntype', Object, proto, method);
  if (h.options?.ownsIdempotencyKey) Reflect.defineMetadata(OWNS_IDEMPOTENCY_KEY, true, handler);
  MessagePattern(method)(proto, method, Object.getOwnPropertyDescriptor(proto, method)!);
}
