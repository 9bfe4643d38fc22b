import { Injectable, Logger } from '@nestjs/common';
import { NatsConnection } from 'nats';
import { connectNats } from './nats-connection';

/** The process's own NATS connection (RPC client, outbox relay, consumers); drained on shutdown. */
@Injectable()
export class NatsHolder {
  private readonly logger = new Logger('NATS');
  private nc?: NatsConnection;

  constructor(
    private readonly servers: string,
    private readonly name: string,
    private readonly auth?: { user?: string; password: string },
  ) {}

  async connect(): Promise<NatsConnection> {
    if (this.nc) return this.nc;
    this.nc = await connectNats(this.servers, this.name, this.auth);
    void (async () => {
      for await (const s of this.nc!.status()) {
        if (s.type === 'disconnect' || s.type === 'reconnect') this.logger.warn(`${s.type} ${String(s.data)}`);
      }
    })().catch(() => undefined);
    return this.nc;
  }

  get(): NatsConnection {
    if (!this.nc) throw new Error('NATS is not connected yet');
    return this.nc;
  }

  isUp(): boolean {
    return !!this.nc && !this.nc.isClosed() && !this.nc.isDraining() && (this.nc as unknown as { protocol?: { connected?: boolean } }).protocol?.connected !== false;
  }

  async close(): Promise<void> {
    const nc = this.nc;
    this.nc = undefined;
    if (nc && !nc.isClosed()) await nc.drain().catch(() => nc.close());
  }
}
