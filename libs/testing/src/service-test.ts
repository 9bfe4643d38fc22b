import { createHash, randomUUID } from 'node:crypto';
import { DynamicModule, INestApplication } from '@nestjs/common';
import { JSONCodec, NatsConnection, Subscription } from 'nats';
import { DataSource, DataSourceOptions } from 'typeorm';
import { bootstrapService } from '@grid122/bootstrap';
import { Actor, CommonErrorCode, DomainEvent, eventSubject, ReplyOf, RequestOf, Role, RpcContract, ServiceName, Unit } from '@grid122/contracts';
import { ActorSigner, AppError, RpcClient } from '@grid122/messaging';
import { requestContext } from '@grid122/observability';
import { TestEnv } from './test-env';

export const TEST_STREET = 'nj.gulou.btq';
export const TEST_OTHER_STREET = 'nj.gulou.nhj';

/** A stable id per test actor, so a reply naming its owner names the same id every run. */
const idOf = (name: string): string => {
  const h = createHash('sha256').update(`grid122-test-actor:${name}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const actor = (username: string, role: Role, scope: string, more: Partial<Actor> = {}): Actor => ({ id: idOf(username), username, displayName: username, role, scope, ...more });

/**
 * The callers a service test signs requests as: the same names, roles, units and scopes as the
 * gateway suite's test accounts (`suite.token(name)`), so an assertion moved from the gateway's
 * folder keeps its meaning (the display name is the username, as there).
 */
export const TEST_ACTORS = {
  admin: actor('admin', Role.Admin, ''),
  district: actor('district', Role.DistrictViewer, 'nj.gulou'),
  commander: actor('commander', Role.StreetCommander, TEST_STREET),
  organisation: actor('organisation', Role.UnitMember, TEST_STREET, { unit: Unit.Organisation }),
  petitions: actor('petitions', Role.UnitMember, TEST_STREET, { unit: Unit.Petitions }),
  social: actor('social', Role.UnitMember, TEST_STREET, { unit: Unit.Social }),
  enforcement: actor('enforcement', Role.UnitMember, TEST_STREET, { unit: Unit.Enforcement }),
  liaison: actor('liaison', Role.DepartmentLiaison, TEST_STREET, { departmentId: '7b0c4a52-6f0e-5d43-9a51-3e7c1d2b9f10' }),
  worker: actor('worker', Role.GridWorker, `${TEST_STREET}.c01.g2_01.g3_01`),
  community: actor('community', Role.CommunityStation, `${TEST_STREET}.c01`),
  auditor: actor('auditor', Role.Auditor, ''),
  'other-commander': actor('other-commander', Role.StreetCommander, TEST_OTHER_STREET),
} satisfies Record<string, Actor>;
export type TestActorName = keyof typeof TEST_ACTORS;

/**
 * A request as a test writes it: enum fields as their strings, every field optional (a test of
 * validation leaves one out); the service validates it as it validates any caller's.
 */
export type TestRequest<T> = T extends string ? string : T extends number | boolean ? T : T extends readonly (infer U)[] ? TestRequest<U>[] : T extends object ? { [K in keyof T]?: TestRequest<T[K]> } : T;

/** How a test call is sent beyond its request and caller. */
export interface TestCallOptions {
  /**
   * The client's Idempotency-Key, sent as the gateway sends it: in the request's context, which
   * RpcClient forwards as the `idempotency-key` NATS header (the service keeps the first answer per
   * caller, key and subject). A contract with an `idempotencyKey` field takes it in the request instead.
   */
  idempotencyKey?: string;
}

export interface ServiceTestOptions {
  app: ServiceName;
  /** The service's data source (its schema): migrated as the owner before anything starts. */
  dataSource: () => DataSourceOptions;
  /** The app's root module; without it only the database is prepared (a repository or seed test). */
  module?: () => DynamicModule;
  /** Environment the app reads its config from, set before the module is built. */
  env?: Record<string, string>;
  /**
   * Other real services started beside it on the same database and nats-server, each under its
   * own NATS identity, migrated and seeded before the service under test boots (it may ask them at
   * start): for a flow that needs another service's real answers (the registry's polygons and
   * neighbours), where `answer()` would have to re-implement them. The test reads their data
   * through `besideData(app)`.
   */
  beside?: BesideService[];
}

/** A real service started beside the one under test. */
export interface BesideService {
  app: ServiceName;
  module: () => DynamicModule;
  dataSource: () => DataSourceOptions;
  /** Fills its schema before it starts (the demo street's seed). */
  seed?: (ds: DataSource) => Promise<unknown>;
}

/**
 * One service under test through its contracts, as the gateway and the other services see it:
 * a private database (migrated) and nats-server, the real app booted under its own NATS identity,
 * and requests over NATS signed as one of `TEST_ACTORS` — no gateway, no HTTP.
 *
 *   svc = await ServiceTest.start({ app: 'petitions', module: () => AppModule.forRoot(), dataSource: dataSourceOptions });
 *   const p = await svc.call(RegisterPetition, {...}, 'petitions');
 *   const again = await svc.call(AwardResidentPoints, {...}, 'community', { idempotencyKey: key }); // the first answer, replayed
 *   expect((await svc.refusal(ExtendPetition, {...}, 'petitions')).code).toBe(PetitionsErrorCode.AlreadyExtended);
 */
export class ServiceTest {
  private readonly sources: DataSource[] = [];
  private readonly standIns: Subscription[] = [];
  private readonly besides = new Map<ServiceName, DataSource>();

  private constructor(
    readonly env: TestEnv,
    readonly ds: DataSource,
    private readonly schema: string,
    readonly app?: INestApplication,
    private readonly nc?: NatsConnection,
    private readonly rpc?: RpcClient,
  ) {}

  static async start(opts: ServiceTestOptions): Promise<ServiceTest> {
    const env = await TestEnv.start();
    Object.assign(process.env, opts.env ?? {});
    const dsOptions = opts.dataSource();
    await env.migrate(dsOptions);
    const ds = await new DataSource(dsOptions).initialize();
    const schema = (dsOptions as { schema?: string }).schema ?? 'public';
    if (!opts.module) return new ServiceTest(env, ds, schema);
    const besides = new Map<ServiceName, DataSource>();
    for (const b of opts.beside ?? []) {
      const options = b.dataSource();
      await env.migrate(options);
      const bds = await new DataSource(options).initialize();
      besides.set(b.app, bds);
      await b.seed?.(bds);
      // env.stop() closes it, after the service under test.
      env.track(await ServiceTest.boot(env, b.app, b.module));
    }
    const app = await ServiceTest.boot(env, opts.app, opts.module);
    const nc = await env.connectNats(`${opts.app}-test`);
    // Signed with the app's own keys, as the gateway would sign (the test's NATS user may ask anything).
    const rpc = new RpcClient(() => nc, 15_000, app.get(ActorSigner));
    const svc = new ServiceTest(env, ds, schema, app, nc, rpc);
    besides.forEach((d, name) => svc.besides.set(name, d));
    return svc;
  }

  /** The real app under its own NATS identity (its permissions, as deployed). */
  private static boot(env: TestEnv, app: ServiceName, module: () => DynamicModule): Promise<INestApplication> {
    return bootstrapService({ app, module: env.asApp(app, () => module()) as never, natsUrl: env.natsUrl, port: 0, logLevel: process.env.LOG_LEVEL, shutdownGraceMs: 0 });
  }

  /** The schema of a service started `beside` (its seeded rows, for a test's reference figures). */
  besideData(app: ServiceName): DataSource {
    const ds = this.besides.get(app);
    if (!ds) throw new Error(`${app} was not started beside the service under test`);
    return ds;
  }

  /** The contract's reply to `request` asked as `as` (a test actor's name or an actor); throws the service's AppError. */
  call<C extends RpcContract>(contract: C, request: TestRequest<RequestOf<C>>, as: TestActorName | Actor, opts: TestCallOptions = {}): Promise<ReplyOf<C>> {
    const rpc = this.rpc;
    if (!rpc) throw new Error('ServiceTest.start without a module answers no calls');
    const send = () => rpc.call(contract, request as RequestOf<C>, typeof as === 'string' ? TEST_ACTORS[as] : as);
    return opts.idempotencyKey ? requestContext.run({ requestId: randomUUID(), idempotencyKey: opts.idempotencyKey }, send) : send();
  }

  /** The error the service answers (fails the test if it answers a reply): `code`, `message`, `details`. */
  async refusal<C extends RpcContract>(contract: C, request: TestRequest<RequestOf<C>>, as: TestActorName | Actor, opts: TestCallOptions = {}): Promise<AppError> {
    const reply = await this.call(contract, request, as, opts).then(
      (r) => ({ r }),
      (e: unknown) => e,
    );
    if (!(reply instanceof AppError)) throw new Error(`${contract.subject} answered instead of refusing: ${JSON.stringify(reply)}`);
    return reply;
  }

  /** The first field a VALIDATION_FAILED refusal names. */
  async invalidField<C extends RpcContract>(contract: C, request: TestRequest<RequestOf<C>>, as: TestActorName | Actor): Promise<string | undefined> {
    const e = await this.refusal(contract, request, as);
    return (e.details as { fields?: { field: string }[] } | undefined)?.fields?.[0]?.field;
  }

  /** The events of `type` the service wrote to its outbox, oldest first. */
  async outbox<D = Record<string, unknown>>(type: string): Promise<DomainEvent<D>[]> {
    const rows: { event: DomainEvent<D> }[] = await this.ds.query(`SELECT event FROM ${this.schema}.outbox WHERE type = $1 ORDER BY created_at`, [type]);
    return rows.map((r) => r.event);
  }

  /** Publishes an event to JetStream as its producer's relay would (`evt.<type>`, Nats-Msg-Id = `msgId`, default the event's id). */
  async publish(event: DomainEvent<unknown>, msgId: string | null = event.id): Promise<void> {
    if (!this.nc) throw new Error('ServiceTest.start without a module has no NATS connection');
    await this.nc.jetstream().publish(eventSubject(event.type), JSONCodec().encode(event), msgId ? { msgID: msgId } : undefined);
  }

  /**
   * Another service's contract answered by the test on this NATS (a stand-in for a service not
   * started, asked by the app under test as it asks the real one): `reply` gives the answer, or
   * throws an AppError the app receives as that service's refusal. Returns the requests it was
   * asked, oldest first; it answers until stop().
   */
  answer<C extends RpcContract>(contract: C, reply: (request: RequestOf<C>) => ReplyOf<C> | Promise<ReplyOf<C>>): RequestOf<C>[] {
    const asked: RequestOf<C>[] = [];
    const codec = JSONCodec<{ data?: RequestOf<C>; id?: string }>();
    // Nest's wire format, as RpcClient speaks it: `{ pattern, data, id }` -> `{ response | err, isDisposed, id }`.
    const sub = this.nats.subscribe(contract.subject, {
      callback: (_e, msg) => {
        const { data, id } = codec.decode(msg.data);
        asked.push(data as RequestOf<C>);
        void Promise.resolve()
          .then(() => reply(data as RequestOf<C>))
          .then(
            (response) => ({ response, isDisposed: true, id }),
            (e: unknown) => ({ err: e instanceof AppError ? e.toBody() : { code: CommonErrorCode.Internal, message: String(e) }, isDisposed: true, id }),
          )
          .then((packet) => msg.respond(JSONCodec().encode(packet)));
      },
    });
    this.standIns.push(sub);
    return asked;
  }

  /** The NATS connection of the test itself (every right). */
  get nats(): NatsConnection {
    if (!this.nc) throw new Error('ServiceTest.start without a module has no NATS connection');
    return this.nc;
  }

  /** Another data source on this database (another schema's options), closed by stop(). */
  async dataSource(options: DataSourceOptions): Promise<DataSource> {
    const ds = await new DataSource(options).initialize();
    this.sources.push(ds);
    return ds;
  }

  async stop(): Promise<void> {
    for (const s of this.standIns) s.unsubscribe();
    for (const s of [...this.sources, ...this.besides.values()]) await s.destroy().catch(() => undefined);
    await this.nc?.close().catch(() => undefined);
    await this.app?.close().catch(() => undefined);
    await this.ds.destroy().catch(() => undefined);
    await this.env.stop();
  }
}

/**
 * A ServiceTest for the enclosing jest file or describe: started in `beforeAll`, stopped in
 * `afterAll`; the returned function gives it inside the tests (`const { ds } = svc()`).
 */
export function serviceUnderTest(opts: ServiceTestOptions): () => ServiceTest {
  let svc: ServiceTest | undefined;
  beforeAll(async () => {
    svc = await ServiceTest.start(opts);
  });
  afterAll(async () => {
    await svc?.stop();
  });
  return () => {
    if (!svc) throw new Error(`${opts.app}: the service test has not started (use it inside a test)`);
    return svc;
  };
}
