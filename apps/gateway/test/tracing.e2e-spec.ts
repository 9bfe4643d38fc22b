import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { eventually } from '@grid122/testing';
import { FAULT_PASSWORD, GRID, ProcessSuite } from './faults/suite-processes';

/**
 * Traces across processes (#22 item 9): the gateway, the office and appraisal as child processes
 * (each its own SDK, as deployed), exporting over OTLP/HTTP (JSON) to a tiny receiver in this
 * test. One report is followed by its trace id from the gateway's HTTP span, through the NATS
 * request to the office (traceparent in the request headers), the office's SQL, the outbox relay's
 * publish (the traceparent kept with the outbox row), to appraisal's consumer and its SQL, and to
 * the gateway's live feed. A suite started without OTEL_* exports nothing and stores no traceparent.
 */

interface OtlpSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

// OTLP span kinds
const SERVER = 2;
const CLIENT = 3;
const PRODUCER = 4;
const CONSUMER = 5;

/** OTLP/JSON ids are hex (the JS exporter) or base64 (the proto3 JSON mapping): hex either way. */
const hexId = (id: unknown): string => {
  const s = String(id ?? '');
  return /^[0-9a-f]*$/i.test(s) && (s.length === 32 || s.length === 16 || s.length === 0) ? s.toLowerCase() : Buffer.from(s, 'base64').toString('hex');
};

/** A pg instrumentation span (stable semantic conventions name the system `db.system.name`). */
const isSql = (s: OtlpSpan) => s.attributes['db.system.name'] === 'postgresql' || s.attributes['db.system'] === 'postgresql';

const attrValue = (v: Record<string, unknown> | undefined): unknown => (v ? (v.stringValue ?? v.intValue ?? v.boolValue ?? v.doubleValue) : undefined);

/** A minimal OTLP/HTTP trace receiver: POST /v1/traces with a JSON ExportTraceServiceRequest. */
class OtlpReceiver {
  readonly spans: OtlpSpan[] = [];
  requests = 0;
  private server?: Server;

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests += 1;
        if (req.url === '/v1/traces' && String(req.headers['content-type']).includes('json')) this.collect(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private collect(body: { resourceSpans?: { resource?: { attributes?: { key: string; value: Record<string, unknown> }[] }; scopeSpans?: { spans?: Record<string, unknown>[] }[] }[] }) {
    for (const rs of body.resourceSpans ?? []) {
      const service = String(attrValue(rs.resource?.attributes?.find((a) => a.key === 'service.name')?.value) ?? '');
      for (const ss of rs.scopeSpans ?? []) {
        for (const s of ss.spans ?? []) {
          const attributes = Object.fromEntries(((s.attributes as { key: string; value: Record<string, unknown> }[]) ?? []).map((a) => [a.key, attrValue(a.value)]));
          this.spans.push({ service, traceId: hexId(s.traceId), spanId: hexId(s.spanId), parentSpanId: hexId(s.parentSpanId), name: String(s.name), kind: Number(s.kind), attributes });
        }
      }
    }
  }

  trace(traceId: string): OtlpSpan[] {
    return this.spans.filter((s) => s.traceId === traceId);
  }

  async stop(): Promise<void> {
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}

async function login(base: string, username: string): Promise<string> {
  const r = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: FAULT_PASSWORD }) });
  if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${await r.text()}`);
  return ((await r.json()) as { accessToken: string }).accessToken;
}

async function report(base: string, token: string, title: string): Promise<{ status: number; id: string }> {
  const r = await fetch(`${base}/api/v1/incidents`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ source: 'grid_patrol', title, keyArea: 'other', category: 'exposed_rubbish', location: { lng: 118.78, lat: 32.1 }, gridPath: GRID }),
  });
  const body = (await r.json()) as { id: string };
  return { status: r.status, id: body.id };
}

describe('traces across processes (OpenTelemetry over OTLP/HTTP)', () => {
  const receiver = new OtlpReceiver();
  let suite: ProcessSuite;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    suite = await ProcessSuite.start(['office', 'appraisal'], {
      OFFICE_SWEEP_INTERVAL_MS: '0',
      OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
      // Export a batch every 200 ms (the standard batch-processor setting), so the test waits little.
      OTEL_BSP_SCHEDULE_DELAY: '200',
    });
  }, 240_000);
  afterAll(async () => {
    await suite?.stop();
    await receiver.stop();
  });

  it('follows one report by one trace id: gateway HTTP → office RPC → office SQL → outbox publish → appraisal consumer (and its SQL) and the live feed', async () => {
    const token = await login(suite.gatewayUrl, 'worker');
    // The office answers the gateway before the traced report (on a loaded CI machine its first answer
    // can come after /health: a 503 there once); a GET, so its spans are not the report's.
    await eventually(async () => expect((await fetch(`${suite.gatewayUrl}/api/v1/categories`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200), 60_000);
    const { status, id } = await report(suite.gatewayUrl, token, '占道经营 traced');
    expect(status).toBe(201);

    // The gateway's server span for this request, named by its route.
    const http = await eventually(() => {
      const s = receiver.spans.find((x) => x.service === 'gateway' && x.kind === SERVER && x.name === 'POST /api/v1/incidents');
      expect(s).toBeDefined();
      return s!;
    }, 30_000);
    expect(http.attributes['http.route']).toBe('/api/v1/incidents');
    const traceId = http.traceId;

    const byId = (spanId: string) => receiver.trace(traceId).find((s) => s.spanId === spanId);
    /** Walks up the parents: the chain of spans from `s` to the root of the trace. */
    const ancestry = (s: OtlpSpan): OtlpSpan[] => {
      const chain = [s];
      for (let p = byId(s.parentSpanId); p; p = byId(p.parentSpanId)) chain.push(p);
      return chain;
    };

    const dump = () => receiver.trace(traceId).map((s) => `${s.service} ${s.kind} ${s.name} ${s.spanId}<-${s.parentSpanId}`).join('\n');
    const spans = await eventually(() => {
      const t = receiver.trace(traceId);
      // the office's consumer side: appraisal's `process office.incident.reported` and its SQL
      const consume = t.find((s) => s.service === 'appraisal' && s.kind === CONSUMER && s.name === 'process office.incident.reported');
      expect(consume).toBeDefined();
      expect(t.some((s) => s.service === 'appraisal' && isSql(s) && ancestry(s).includes(consume!))).toBe(true);
      expect(t.some((s) => s.service === 'gateway' && s.kind === CONSUMER && s.name === 'process office.incident.reported')).toBe(true);
      return t;
    }, 30_000).catch((e) => {
      throw new Error(`${(e as Error).message}\n${dump()}`);
    });

    // gateway → office over NATS: the client span in the gateway, the server span in the office its child.
    const rpcServer = spans.find((s) => s.service === 'office' && s.kind === SERVER && s.attributes['rpc.system'] === 'nats' && /^office\.incident\./.test(s.name));
    expect(rpcServer).toBeDefined();
    const rpcClient = byId(rpcServer!.parentSpanId)!;
    expect(rpcClient).toMatchObject({ service: 'gateway', kind: CLIENT, name: rpcServer!.name });
    expect(ancestry(rpcClient)).toContain(http);

    // the office's SQL inside its handler (the insert of the incident and of its outbox row)
    const officeSql = spans.filter((s) => s.service === 'office' && isSql(s) && ancestry(s).includes(rpcServer!));
    expect(officeSql.length).toBeGreaterThan(0);

    // the outbox relay's publish, under the office's handler by the traceparent kept with the row
    const publish = spans.find((s) => s.service === 'office' && s.kind === PRODUCER && s.name === 'publish office.incident.reported');
    expect(publish).toBeDefined();
    expect(ancestry(publish!)).toContain(rpcServer);

    // appraisal's consumer continues from the publish (the message's traceparent header)
    const consume = spans.find((s) => s.service === 'appraisal' && s.name === 'process office.incident.reported')!;
    expect(byId(consume.parentSpanId)).toBe(publish);
    expect(consume.attributes['messaging.consumer.group.name']).toBe('appraisal');
    expect(ancestry(consume).at(-1)).toBe(http);

    // the row itself carries the trace
    const [row] = await suite.query<{ traceparent: string }>(`SELECT traceparent FROM office.outbox WHERE event->>'type' = 'office.incident.reported' AND event->'data'->>'incidentId' = $1`, [id]);
    expect(row.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));
    // probes and scrapes are not traced
    expect(receiver.spans.some((s) => /health|metrics/.test(s.name))).toBe(false);
  });
});

describe('traces off by default', () => {
  let suite: ProcessSuite;
  beforeAll(async () => {
    suite = await ProcessSuite.start(['office'], { OFFICE_SWEEP_INTERVAL_MS: '0' });
  }, 240_000);
  afterAll(async () => {
    await suite?.stop();
  });

  it('without OTEL_EXPORTER_OTLP_ENDPOINT no traceparent is kept or published', async () => {
    const token = await login(suite.gatewayUrl, 'worker');
    const { status, id } = await report(suite.gatewayUrl, token, '占道经营 untraced');
    expect(status).toBe(201);
    const rows = await suite.query<{ traceparent: string | null }>(`SELECT traceparent FROM office.outbox WHERE event->'data'->>'incidentId' = $1`, [id]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.traceparent === null)).toBe(true);
  });
});
