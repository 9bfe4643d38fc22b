import { Body, Controller, Delete, Get, Headers, HttpCode, Ip, Param, ParseUUIDPipe, Patch, PipeTransform, Post, Put, Query, Res, Type } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiTags, OmitType, PickType } from '@nestjs/swagger';
import { Actor, ReplyOf, RequestOf, Role, RpcContract } from '@grid122/contracts';
import { AppError, rememberValidated, RpcClient, toFieldErrors } from '@grid122/messaging';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';
import type { FastifyReply } from 'fastify';
import { Caller, OnlyRoles, Roles } from '../auth/auth.decorators';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** Who may call a route: `Role[]` (@Roles, the admin passes) or `only(…)` (@OnlyRoles, the admin does not). */
export type Access = readonly Role[] | { readonly only: readonly Role[] };
export const only = (...roles: Role[]): Access => ({ only: roles });

/** A path parameter checked at the edge (ParseUUIDPipe: 400 before any service is asked). */
export const uuid = { uuid: true } as const satisfies ParamSpec;
/**
 * How a path parameter goes into the request: the same-named field, `uuid` (checked), a field
 * name, or any of: a field name, the uuid check or another pipe, its type for OpenAPI (an enum object).
 */
export type ParamSpec = string | { readonly field?: string; readonly uuid?: true; readonly type?: object; readonly pipe?: PipeTransform };

export interface RouteOptions<C extends RpcContract> {
  /** Path parameters that are not simply the same-named request field, or are checked as UUIDs. */
  params?: Record<string, ParamSpec>;
  /** A request field the route fills with the client's address (for an audit entry), never from the client. */
  clientIp?: keyof RequestOf<C> & string;
  /** Request fields the route sets itself (`{ kind: 'person' }`). */
  fixed?: Partial<RequestOf<C>>;
  /**
   * Where the rest of the request comes from: the query for GET and DELETE, the body otherwise;
   * none when nothing is left of the contract's request (then no query or body is validated).
   */
  input?: 'query' | 'body' | 'none';
  /** Request fields a header fills when it is sent (`{ 'idempotency-key': 'idempotencyKey' }`), over the input's. */
  headers?: Record<string, string>;
  /** Status of a success when it is not Nest's default (201 for POST, 200 otherwise). */
  status?: number;
  timeoutMs?: number;
  summary?: string;
  /** The reply as HTTP sends it, when it is not the service's reply as JSON (a document as a file); given the response only if it takes it. */
  send?: (reply: ReplyOf<C>, res: FastifyReply) => unknown;
  /** Media type of what `send` answers, for OpenAPI. */
  produces?: string;
  /** Further method decorators (`ApiKeyAllowed()`, `ApiOperation({ description })`). */
  decorators?: MethodDecorator[];
}

/** One HTTP route served by one contract: method, path, contract, who may call it, the handler's name. */
export interface Route<C extends RpcContract = RpcContract> extends RouteOptions<C> {
  method: Method;
  path: string;
  contract: C;
  access: Access;
  name: string;
}

const route =
  (method: Method) =>
  <C extends RpcContract>(path: string, contract: C, access: Access, name: string, opts: RouteOptions<C> = {}): Route =>
    ({ method, path, contract, access, name, ...opts }) as Route;
export const get = route('get');
export const post = route('post');
export const put = route('put');
export const patch = route('patch');
export const del = route('delete');

/**
 * An item's state commands, one line each: `verb: Contract` is `post(':id/verb', Contract, access, 'verb', { status: 200 })`
 * (the command answers the item as it now is, not a new resource); `opts` for all of them.
 */
export function commands(access: Access, verbs: Record<string, RpcContract>, opts: RouteOptions<RpcContract> = {}): Route[] {
  return Object.entries(verbs).map(([verb, contract]) => post(`:id/${verb}`, contract, access, verb, { status: 200, ...opts }));
}

/** The XLSX media type (the services' ledgers and exports). */
export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A file its service built (base64) sent as the download the route names: `send: (f, res) => download(res, XLSX, 'x.xlsx', f.base64)`. */
export function download(res: FastifyReply, contentType: string, filename: string, base64: string): Buffer {
  void res.header('content-type', contentType).header('content-disposition', `attachment; filename="${filename}"`);
  return Buffer.from(base64, 'base64');
}

const METHOD = { get: Get, post: Post, put: Put, patch: Patch, delete: Delete };

export interface ControllerSpec {
  /** The controller's path prefix (`api/v1/care-recipients`). */
  path: string;
  /** OpenAPI tag. */
  tag: string;
  /** `@ApiBearerAuth()` on the document (default true). */
  bearer?: boolean;
}

/**
 * A gateway controller from a route table: each route checks its roles, validates its input with
 * the contract's own request class (less what the path and the route fill in), and answers with
 * `rpc.call(contract, request, actor)`. The handlers are ordinary Nest routes, so guards,
 * OpenAPI (operationId `<Name>_<handler>`) and the route-roles spec see them as before.
 */
export function httpController(name: string, spec: ControllerSpec, routes: readonly Route[]): Type {
  const Ctl = {
    [name]: class {
      constructor(readonly rpc: RpcClient) {}
    },
  }[name];
  Reflect.defineMetadata('design:paramtypes', [RpcClient], Ctl);
  addRoutes(Ctl, routes);
  Controller(spec.path)(Ctl);
  ApiTags(spec.tag)(Ctl);
  if (spec.bearer !== false) ApiBearerAuth()(Ctl);
  return Ctl;
}

/**
 * Adds table routes to a hand-written controller (one whose constructor keeps `readonly rpc:
 * RpcClient`), for a capability where a few routes need code (headers, files) and the rest do not.
 */
export function addRoutes(Ctl: Type<{ rpc: RpcClient }>, routes: readonly Route[]): void {
  for (const r of routes) addRoute(Ctl, r);
}

function addRoute(Ctl: Type, r: Route): void {
  const proto = Ctl.prototype as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(proto, r.name)) throw new Error(`${Ctl.name}.${r.name} is declared twice`);
  const pathParams = [...r.path.matchAll(/:(\w+)/g)].map((m) => m[1]);
  const params = pathParams.map((p) => {
    const s = r.params?.[p];
    const o = typeof s === 'object' ? s : {};
    return { name: p, field: typeof s === 'string' ? s : (o.field ?? p), pipe: o.pipe ?? (o.uuid ? new ParseUUIDPipe() : undefined), type: o.type ?? String };
  });
  const fixed = (r.fixed ?? {}) as Record<string, unknown>;
  const input = r.input ?? (r.method === 'get' || r.method === 'delete' ? 'query' : 'body');
  const rest = input === 'none' ? undefined : inputClass(r, input, [...params.map((p) => p.field), ...Object.keys(fixed), ...(r.clientIp ? [r.clientIp] : [])]);
  const dto = rest && hasFields(rest) ? rest : undefined;

  // Where each handler argument after the caller goes in the request, in order: path parameters, the
  // client's address, the query or body (under what those set), headers; the reply (Res) last when `send` takes it.
  type Source = { decorator: ParameterDecorator; type: unknown; put: (request: Record<string, unknown>, value: unknown) => void };
  const sources: Source[] = params.map((p) => ({ decorator: p.pipe ? Param(p.name, p.pipe as PipeTransform) : Param(p.name), type: p.type, put: (q, v) => (q[p.field] = v) }));
  if (r.clientIp) sources.push({ decorator: Ip(), type: String, put: (q, v) => (q[r.clientIp!] = v) });
  if (dto) sources.push({ decorator: input === 'query' ? Query() : Body(), type: dto, put: (q, v) => Object.assign(q, v ?? {}, { ...q }) });
  for (const [name, field] of Object.entries(r.headers ?? {})) sources.push({ decorator: Headers(name), type: String, put: (q, v) => v && (q[field] = v) });

  // A request of the body and header fields only (no path parameter, nothing fixed): the body is
  // validated with the contract's own rules, the header fields here with the contract's rules for
  // them, so the gateway vouches for the whole request and the service does not validate it again
  // (trusted-payload.ts; #27: a keyed intake was validated twice, in the gateway and the office).
  const headerFields = Object.values(r.headers ?? {});
  const headerRules = dto && input === 'body' && params.length === 0 && !r.clientIp && Object.keys(fixed).length === 0 && headerFields.length > 0 ? (PickType(r.contract.Request as Type, headerFields as never) as Type) : undefined;

  async function handler(this: { rpc: RpcClient }, actor: Actor, ...args: unknown[]) {
    const request: Record<string, unknown> = {};
    sources.forEach((s, i) => s.put(request, args[i]));
    Object.assign(request, fixed);
    if (headerRules) await vouchForHeaders(request, headerFields, headerRules, r.contract.Request);
    const reply = await this.rpc.call(r.contract, request, actor, { timeoutMs: r.timeoutMs });
    return r.send ? r.send(reply, args[args.length - 1] as FastifyReply) : reply;
  }
  Object.defineProperty(handler, 'name', { value: r.name });
  Object.defineProperty(proto, r.name, { value: handler, writable: true, configurable: true, enumerable: false });
  const descriptor = Object.getOwnPropertyDescriptor(proto, r.name)!;

  // Parameter decorators run last parameter first, as TypeScript applies them (OpenAPI lists them in that order).
  const args: [ParameterDecorator, unknown][] = [[Caller(), Object], ...sources.map((s): [ParameterDecorator, unknown] => [s.decorator, s.type])];
  if (r.send && r.send.length > 1) args.push([Res({ passthrough: true }), Object]);
  for (let i = args.length - 1; i >= 0; i--) args[i][0](proto, r.name, i);
  Reflect.defineMetadata('design:paramtypes', args.map(([, t]) => t), proto, r.name);
  Reflect.defineMetadata('design:returntype', Promise, proto, r.name);

  const decorators: MethodDecorator[] = [METHOD[r.method](r.path)];
  decorators.push('only' in r.access ? OnlyRoles(...r.access.only) : Roles(...(r.access as Role[])));
  if (r.status !== undefined) decorators.push(HttpCode(r.status));
  if (r.summary) decorators.push(ApiOperation({ summary: r.summary }));
  if (r.produces) decorators.push(ApiProduces(r.produces));
  decorators.push(...(r.decorators ?? []));
  for (const d of decorators) d(proto, r.name, descriptor);
}

/** The route tables' input classes by their OpenAPI name (the first of a name), whose schemas docs/openapi.ts fills from their rules. */
export const INPUT_CLASSES = new Map<string, Type>();

/**
 * The HTTP input: the contract's request class (so the edge validates exactly as the service
 * does), less the fields the path and the route fill in, named after its subject in OpenAPI
 * (`office.theme.adopt` → OfficeThemeAdoptBody), one schema per contract.
 */
function inputClass(r: Route, input: 'query' | 'body', omit: string[]): Type {
  const base = r.contract.Request as Type;
  const name = r.contract.subject.split(/[._-]/).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join('') + (input === 'query' ? 'Query' : 'Body');
  const C = omit.length ? OmitType(base, omit as never) : class extends base {};
  Object.defineProperty(C, 'name', { value: name });
  if (!INPUT_CLASSES.has(name)) INPUT_CLASSES.set(name, C as Type);
  return C as Type;
}

/**
 * The header fields a request was given, checked with the contract's rules for them (400 naming
 * the field); then the whole request is one the gateway validated (its body was, with the same
 * class's rules).
 */
async function vouchForHeaders(request: Record<string, unknown>, fields: string[], rules: Type, contractRequest: unknown): Promise<void> {
  const given = fields.filter((f) => request[f] !== undefined);
  if (given.length > 0) {
    const errors = await validate(plainToInstance(rules, Object.fromEntries(given.map((f) => [f, request[f]]))) as object, { whitelist: true, forbidNonWhitelisted: true });
    if (errors.length > 0) throw AppError.validation(toFieldErrors(errors));
  }
  rememberValidated(request, contractRequest);
}

const hasFields = (C: Type): boolean => getMetadataStorage().getTargetValidationMetadatas(C, '', true, false).length > 0;
