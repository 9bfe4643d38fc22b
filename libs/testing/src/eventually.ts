/** Retries an assertion until it passes (for what arrives by events); never a fixed sleep. */
export async function eventually<T>(fn: () => T | Promise<T>, timeoutMs = 10_000, intervalMs = 50): Promise<T> {
  const until = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      if (Date.now() > until) throw last;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
