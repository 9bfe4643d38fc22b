// Run by heap.spec.ts in a child process: applies tuneHeap() from the environment, then keeps a
// ~60 MB live set while promoting garbage in batches (like in-flight import batches), and prints
// the largest heap V8 reserved.
import { tuneHeap } from './heap';

tuneHeap();
const live: unknown[] = [];
for (let i = 0; i < 300_000; i++) live.push({ i, s: 'x'.repeat(100) + i });
let peak = 0;
const keep: unknown[][] = [];
for (let round = 0; round < 200; round++) {
  keep.push(Array.from({ length: 20_000 }, (_, j) => ({ j, s: 'y'.repeat(50) + j })));
  if (keep.length > 3) keep.shift();
  peak = Math.max(peak, process.memoryUsage().heapTotal);
}
process.stdout.write(JSON.stringify({ peak, live: live.length }));
