import { SUBJECT_PREFIX, ServiceName } from './services';

declare const rpcTypes: unique symbol;

/**
 * A NATS subject that carries its request and reply types: still the plain string at runtime
 * (`@MessagePattern(LocateGrid.subject)`), and for the caller the whole contract, so
 * `rpc.call(LocateGrid, req, actor)` is typed by the namespace alone — no `call<LocateGrid.Reply>`.
 *
 *   export namespace LocateGrid {
 *     export const subject = rpcSubject<Request, Reply>('registry.grid.locate');
 *     export class Request { … }
 *     export interface Reply { … }
 *   }
 */
export type RpcSubject<TRequest, TReply> = string & { readonly [rpcTypes]?: { request: TRequest; reply: TReply } };

export const rpcSubject = <TRequest, TReply>(subject: string): RpcSubject<TRequest, TReply> => subject as RpcSubject<TRequest, TReply>;

/** A contract namespace as a value: its typed subject and its request class (validated at the HTTP edge too). */
export interface RpcContract<TRequest = any, TReply = any> {
  readonly subject: RpcSubject<TRequest, TReply>;
  readonly Request: new () => TRequest;
}

export type RequestOf<C> = C extends { subject: RpcSubject<infer Q, any> } ? Q : never;
export type ReplyOf<C> = C extends { subject: RpcSubject<any, infer R> } ? R : never;

const SERVICE_OF_PREFIX = new Map<string, ServiceName>(Object.entries(SUBJECT_PREFIX).map(([service, prefix]) => [prefix, service as ServiceName]));

/** The service that answers a subject, from its prefix (`registry.grid.locate` → grid-registry). */
export function serviceOfSubject(subject: string): ServiceName {
  const service = SERVICE_OF_PREFIX.get(subject.slice(0, subject.indexOf('.')));
  if (!service) throw new Error(`No service answers ${subject}: its prefix is none of SUBJECT_PREFIX`);
  return service;
}
