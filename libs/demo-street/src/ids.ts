// Deterministic ids (RFC 4122 uuid v5). Grid ids come from the 15-digit grid code alone, so any
// service can recompute a grid's id from its code without a lookup: gridId(code) is byte-for-byte
// `uuidv5(code, DEMO_NAMESPACE)` from the `uuid` package (the spec checks this).
//
// SHA-1 is done here in plain JS rather than through `uuid`/node:crypto: a scaled city needs over a
// million ids and the native call overhead (~4.7 µs per id in uuid v11) would dominate the run time.

/** Namespace of every demo id = uuidv5('grid122/demo-street', uuid.URL namespace). */
export const DEMO_NAMESPACE = '67bbec86-bff2-5fbd-aafa-06ab7ac430d4';
/** Grid ids are uuidv5(gridCode, GRID_ID_NAMESPACE); same value as DEMO_NAMESPACE, named for readers. */
export const GRID_ID_NAMESPACE = DEMO_NAMESPACE;

const HEX: string[] = [];
for (let i = 0; i < 256; i++) HEX.push((i + 0x100).toString(16).slice(1));

const W = new Int32Array(80);
let block = new Uint8Array(256);

function namespaceBytes(ns: string): Uint8Array {
  const hex = ns.replace(/-/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(hex)) throw new TypeError(`not a uuid: ${ns}`);
  const out = new Uint8Array(16);
  for (let i = 0; i < 16; i++) out[i] = parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

const nsCache = new Map<string, Uint8Array>();

/** uuid v5 of `name` (UTF-8) in `namespace`; identical output to the `uuid` package's v5. */
export function uuidv5(name: string, namespace: string = DEMO_NAMESPACE): string {
  let ns = nsCache.get(namespace);
  if (!ns) {
    ns = namespaceBytes(namespace);
    nsCache.set(namespace, ns);
  }
  let ascii = true;
  for (let i = 0; i < name.length; i++) {
    if (name.charCodeAt(i) > 127) {
      ascii = false;
      break;
    }
  }
  const utf8 = ascii ? null : new TextEncoder().encode(name);
  const len = 16 + (utf8 ? utf8.length : name.length);
  const total = (((len + 8) >> 6) + 1) * 64; // message + 0x80 + 64-bit length, padded to 64-byte blocks
  if (block.length < total) block = new Uint8Array(total * 2);
  const buf = block;
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

  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  let h4 = 0xc3d2e1f0 | 0;
  for (let o = 0; o < total; o += 64) {
    for (let i = 0; i < 16; i++) {
      const p = o + 4 * i;
      W[i] = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
    }
    for (let i = 16; i < 80; i++) {
      const x = W[i - 3] ^ W[i - 8] ^ W[i - 14] ^ W[i - 16];
      W[i] = (x << 1) | (x >>> 31);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    let e = h4;
    let t: number;
    for (let i = 0; i < 20; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (~b & d)) + e + 0x5a827999 + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (let i = 20; i < 40; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + 0x6ed9eba1 + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (let i = 40; i < 60; i++) {
      t = (((a << 5) | (a >>> 27)) + ((b & c) | (b & d) | (c & d)) + e + (0x8f1bbcdc | 0) + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    for (let i = 60; i < 80; i++) {
      t = (((a << 5) | (a >>> 27)) + (b ^ c ^ d) + e + (0xca62c1d6 | 0) + W[i]) | 0;
      e = d; d = c; c = (b << 30) | (b >>> 2); b = a; a = t;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
    h4 = (h4 + e) | 0;
  }
  // First 16 bytes of the digest, with the version (5) and RFC 4122 variant bits set.
  const b6 = ((h1 >>> 8) & 0x0f) | 0x50;
  const b8 = ((h2 >>> 24) & 0x3f) | 0x80;
  return (
    HEX[h0 >>> 24] + HEX[(h0 >>> 16) & 255] + HEX[(h0 >>> 8) & 255] + HEX[h0 & 255] + '-' +
    HEX[h1 >>> 24] + HEX[(h1 >>> 16) & 255] + '-' +
    HEX[b6] + HEX[h1 & 255] + '-' +
    HEX[b8] + HEX[(h2 >>> 16) & 255] + '-' +
    HEX[(h2 >>> 8) & 255] + HEX[h2 & 255] +
    HEX[h3 >>> 24] + HEX[(h3 >>> 16) & 255] + HEX[(h3 >>> 8) & 255] + HEX[h3 & 255]
  );
}

/** Id of a grid: uuid v5 of its 15-digit code. */
export function gridId(code: string): string {
  return uuidv5(code, GRID_ID_NAMESPACE);
}

/** Id of any other demo entity: uuid v5 of `${kind}:${key}` (never collides with a bare grid code). */
export function demoId(kind: string, key: string): string {
  return uuidv5(`${kind}:${key}`, DEMO_NAMESPACE);
}
