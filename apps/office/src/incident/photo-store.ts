import { Injectable, Logger } from '@nestjs/common';
import { PHOTO_BUCKET } from '@grid122/contracts';
import { NatsHolder } from '@grid122/messaging';

/** Checks that photo hashes name objects the gateway stored in the JetStream Object Store. */
@Injectable()
export class PhotoStore {
  private readonly logger = new Logger(PhotoStore.name);

  constructor(private readonly nats: NatsHolder) {}

  /** The hashes that are not stored (all of them when the store cannot be reached). */
  async missing(hashes: readonly string[]): Promise<string[]> {
    if (hashes.length === 0) return [];
    try {
      const os = await this.nats.get().jetstream().views.os(PHOTO_BUCKET);
      const missing: string[] = [];
      for (const h of new Set(hashes)) {
        const info = await os.info(h);
        if (!info || info.deleted) missing.push(h);
      }
      return missing;
    } catch (e) {
      this.logger.warn(`photo store unavailable: ${(e as Error).message}`);
      return [...hashes];
    }
  }
}
