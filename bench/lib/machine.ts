import { cpus, loadavg, totalmem, release, platform } from 'node:os';
import { execFileSync } from 'node:child_process';

/** What the figures were measured on. */
export function machine(): Record<string, unknown> {
  const c = cpus();
  let postgres = '';
  try {
    postgres = execFileSync('psql', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    postgres = 'unknown';
  }
  let natsServer = '';
  try {
    natsServer = execFileSync(process.env.NATS_SERVER_BIN ?? '/usr/sbin/nats-server', ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    natsServer = 'unknown';
  }
  return {
    cpuModel: c[0]?.model ?? 'unknown',
    cores: c.length,
    memoryGiB: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    postgresClient: postgres,
    natsServer,
    loadAverageAtStart: loadavg().map((x) => Math.round(x * 100) / 100),
  };
}
