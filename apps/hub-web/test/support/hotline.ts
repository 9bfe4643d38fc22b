import type { Suite } from '../../../gateway/test/support/suite';

/**
 * A problem the hotline (12345热线) reports, taken in by the commander by grid and address (the
 * hotline knows the street address, not a point). A refused report fails the test with the reply.
 */
export async function hotlineReport(
  suite: Suite,
  grid: { id: string; path: string; name: string },
  title: string,
  what: { keyArea: string; category: string },
  idempotencyKey?: string,
): Promise<{ id: string; code: string; state: string }> {
  const req = suite.http().post('/api/v1/incidents').set('authorization', `Bearer ${await suite.token('commander')}`);
  if (idempotencyKey) req.set('idempotency-key', idempotencyKey);
  const res = await req.send({ source: 'hotline_12345', title, description: '居民来电反映', ...what, address: `${grid.name} 门口`, gridId: grid.id, gridPath: grid.path });
  if (res.status !== 201) throw new Error(`report: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; code: string; state: string };
}
