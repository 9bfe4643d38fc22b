// The bulk import load: NDJSON of historical incidents streamed to POST /api/v1/incidents/import
// (admin), generated on the fly so a million rows never sit in memory; then the same file again
// to show the import is idempotent by source reference.
import { request } from 'node:http';
import { Readable } from 'node:stream';

export interface ImportRun {
  seconds: number;
  perSecond: number;
  inserted: number;
  skipped: number;
  rejected: number;
  rerunInserted: number;
  rerunSeconds: number;
}

interface Point {
  lng: number;
  lat: number;
  path: string;
}

function ndjson(count: number, points: Point[], cats: { code: string; key_area: string }[], runId: string): Readable {
  let i = 0;
  const day = 24 * 3600_000;
  const start = Date.UTC(2015, 0, 1);
  return new Readable({
    read() {
      const lines: string[] = [];
      for (let n = 0; n < 2000 && i < count; n++, i++) {
        const p = points[i % points.length];
        const c = cats[(i * 7) % cats.length];
        const at = new Date(start + (i % 3000) * day + (i % 600) * 60_000).toISOString();
        lines.push(
          JSON.stringify({
            source: 'district_platform',
            sourceRef: `OLD-${runId}-${i}`,
            title: `${c.code} 历史迁移 #${i}`,
            keyArea: c.key_area,
            category: c.code,
            gridPath: p.path,
            location: { lng: p.lng, lat: p.lat },
            state: i % 40 === 0 ? 'rejected' : 'closed',
            closureType: i % 40 === 0 ? undefined : i % 50 === 1 ? 'not_responsible' : 'fixed',
            resolutionLevel: i % 40 === 0 ? undefined : i % 10 < 8 ? 'community' : 'street',
            reportedAt: at,
            closedAt: new Date(Date.parse(at) + 3 * day).toISOString(),
          }),
        );
      }
      this.push(lines.length ? `${lines.join('\n')}\n` : null);
    },
  });
}

function post(url: string, token: string, body: Readable): Promise<{ status: number; json: Record<string, number> | null; text: string }> {
  const u = new URL(`${url}/api/v1/incidents/import`);
  return new Promise((resolve, reject) => {
    const req = request(
      { host: u.hostname, port: u.port, path: u.pathname, method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson', 'transfer-encoding': 'chunked' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json = null;
          try {
            json = JSON.parse(text);
          } catch {
            json = null;
          }
          resolve({ status: res.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('error', reject);
    body.pipe(req);
  });
}

export async function runImport(o: { gatewayUrl: string; token: string; count: number; points: Point[]; cats: { code: string; key_area: string }[]; log: (m: string) => void; runId: string }): Promise<ImportRun | null> {
  const probe = await post(o.gatewayUrl, o.token, Readable.from([]));
  if (probe.status === 404) return null;
  const t = Date.now();
  const first = await post(o.gatewayUrl, o.token, ndjson(o.count, o.points, o.cats, o.runId));
  const seconds = (Date.now() - t) / 1000;
  if (first.status !== 200 || !first.json) throw new Error(`import: ${first.status} ${first.text.slice(0, 500)}`);
  o.log(`  imported ${JSON.stringify(first.json)} in ${seconds.toFixed(1)} s`);
  const t2 = Date.now();
  const again = await post(o.gatewayUrl, o.token, ndjson(Math.min(o.count, 50_000), o.points, o.cats, o.runId));
  if (again.status !== 200 || !again.json) throw new Error(`import (again): ${again.status} ${again.text.slice(0, 500)}`);
  return {
    seconds,
    perSecond: o.count / seconds,
    inserted: first.json.inserted,
    skipped: first.json.skipped,
    rejected: first.json.rejected,
    rerunInserted: again.json.inserted,
    rerunSeconds: (Date.now() - t2) / 1000,
  };
}
