// Deterministic ids (RFC 4122 uuid v5). Grid ids come from the 15-digit grid code alone, so any
// service can recompute a grid's id from its code without a lookup: gridId(code) is byte-for-byte
// `uuidv5(code, DEMO_NAMESPACE)` from the `uuid` package (the spec checks this).
//
// SHA-1 is done here in plain JS rather than through `uuid`/node:crypto: a scaled city needs over a
// million ids and the per-call overhead there (~4.7 µs per id in uuid v11) would dominate the run.

/** Namespace of every demo id = uuidv5('grid122/demo-street', uuid.URL namespace). */
export const DEMO_NAMESPACE = '67bbec86-bff2-5fbd-aafa-06ab7ac430d4';
/** Grid ids are uuidv5(gridCode, GRID_ID_NAMESPACE); same value as DEMO_NAMESPACE, named for readers. */
export const GRID_ID_NAMESPACE = DEMO_NAMESPACE;

const HEX_CODES = Array.from('0123456789abcdef', (c) => c.charCodeAt(0));
const OUT: number[] = new Array<number>(36).fill(0);
const W = new Int32Array(80);
const H = new Int32Array(5);
let bytes = new Uint8Array(256);

function namespaceBytes(ns: string): Uint8Array {
  const hex = ns.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a uuid: ${ns}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}
const nsCache = new Map<string, Uint8Array>();

/** One SHA-1 compression of the 16 words already in W[0..15] into H. */
function compress(): void {
  for (let i = 16; i < 80; i++) {
    const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
    W[i] = (x << 1) | (x >>> 31);
  }
  let a = H[0];
  let b = H[1];
  let c = H[2];
  let d = H[3];
  let e = H[4];
  let t: number;
  // Four loops rather than one with a branch per round: about 40% faster in V8.
  for (let i = 0; i < 20; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 20; i < 40; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 40; i < 60; i++) {
    t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e - 0x70e44324 + W[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  for (let i = 60; i < 80; i++) {
    t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e - 0x359d3e2a + W[i]) | 0;
    e = d;
    d = c;
    c = (b << 30) | (b >>> 2);
    b = a;
    a = t;
  }
  H[0] += a;
  H[1] += b;
  H[2] += c;
  H[3] += d;
  H[4] += e;
}

function put(p: number, byte: number): number {
  OUT[p] = HEX_CODES[byte >>> 4];
  OUT[p + 1] = HEX_CODES[byte & 15];
  return p + 2;
}

/** uuid v5 of `name` (UTF-8) in `namespace`; identical output to the `uuid` package's v5. */
export function uuidv5(name: string, namespace: string = DEMO_NAMESPACE): string {
  let ns = nsCache.get(namespace);
  if (!ns) {
    ns = namespaceBytes(namespace);
    nsCache.set(namespace, ns);
  }
  // Message = namespace bytes + UTF-8 name, then 0x80, zero padding and the 64-bit bit length.
  let utf8: Uint8Array | null = null;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 127) {
      utf8 = new TextEncoder().encode(name);
      break;
    }
  }
  const len = 16 + (utf8 ? utf8.length : name.length);
  const total = (((len + 8) >> 6) + 1) * 64;
  if (bytes.length < total) bytes = new Uint8Array(total * 2);
  const buf = bytes;
  buf.fill(0, 0, total);
  buf.set(ns, 0);
  if (utf8) buf.set(utf8, 16);
  else for (let i = 0; i < name.length; i++) buf[16 + i] = name.charCodeAt(i);
  buf[len] = 0x80;
  const bits = len * 8;
  buf[total - 1] = bits & 255;
  buf[total - 2] = (bits >>> 8) & 255;
  buf[total - 3] = (bits >>> 16) & 255;
  buf[total - 4] = (bits >>> 24) & 255;

  H[0] = 0x67452301;
  H[1] = 0xefcdab89;
  H[2] = 0x98badcfe;
  H[3] = 0x10325476;
  H[4] = 0xc3d2e1f0;
  for (let o = 0; o < total; o += 64) {
    for (let i = 0; i < 16; i++) {
      const q = o + 4 * i;
      W[i] = (buf[q] << 24) | (buf[q + 1] << 16) | (buf[q + 2] << 8) | buf[q + 3];
    }
    compress();
  }
  // First 16 bytes of the digest with the version (5) and variant bits set, built as one flat
  // string: '+'-concatenation would leave a rope of ~20 nodes behind every stored id.
  const h0 = H[0];
  const h1 = H[1];
  const h2 = H[2];
  const h3 = H[3];
  let p = 0;
  p = put(p, h0 >>> 24);
  p = put(p, (h0 >>> 16) & 255);
  p = put(p, (h0 >>> 8) & 255);
  p = put(p, h0 & 255);
  OUT[p++] = 45;
  p = put(p, h1 >>> 24);
  p = put(p, (h1 >>> 16) & 255);
  OUT[p++] = 45;
  p = put(p, ((h1 >>> 8) & 0x0f) | 0x50);
  p = put(p, h1 & 255);
  OUT[p++] = 45;
  p = put(p, ((h2 >>> 24) & 0x3f) | 0x80);
  p = put(p, (h2 >>> 16) & 255);
  OUT[p++] = 45;
  p = put(p, (h2 >>> 8) & 255);
  p = put(p, h2 & 255);
  p = put(p, h3 >>> 24);
  p = put(p, (h3 >>> 16) & 255);
  p = put(p, (h3 >>> 8) & 255);
  put(p, h3 & 255);
  return String.fromCharCode.apply(null, OUT);
}

/** Id of a grid: uuid v5 of its 15-digit code. */
export function gridId(code: string): string {
  return uuidv5(code, GRID_ID_NAMESPACE);
}

/** Id of any other demo entity: uuid v5 of `${kind}:${key}` (never collides with a bare grid code). */
export function demoId(kind: string, key: string): string {
  return uuidv5(`${kind}:${key}`, DEMO_NAMESPACE);
}
