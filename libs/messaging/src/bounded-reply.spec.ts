import { JSONCodec } from 'nats';
import { BoundedReplySerializer } from './microservice-options';

describe('BoundedReplySerializer (a reply over NATS max_payload)', () => {
  const codec = JSONCodec<{ id: string; response?: unknown; err?: { code: string; details?: { reason: string; bytes: number } }; isDisposed?: boolean }>();

  it('sends a reply that fits as Nest would', () => {
    const out = new BoundedReplySerializer(64 * 1024).serialize({ id: '1', response: { items: [1, 2, 3] }, isDisposed: true });
    expect(codec.decode(out.data as Uint8Array)).toEqual({ id: '1', response: { items: [1, 2, 3] }, isDisposed: true });
  });

  it('answers an oversized reply with an INTERNAL error naming its size instead of throwing', () => {
    const big = { items: Array.from({ length: 20_000 }, (_, i) => ({ id: i, name: 'x'.repeat(20) })) };
    const out = new BoundedReplySerializer(64 * 1024).serialize({ id: '7', response: big, isDisposed: true });
    const packet = codec.decode(out.data as Uint8Array);
    expect(packet.id).toBe('7');
    expect(packet.response).toBeUndefined();
    expect(packet.err?.code).toBe('INTERNAL');
    expect(packet.err?.details?.reason).toBe('reply_too_large');
    expect(packet.err?.details?.bytes).toBeGreaterThan(64 * 1024);
    expect((out.data as Uint8Array).length).toBeLessThan(1024);
  });
});
