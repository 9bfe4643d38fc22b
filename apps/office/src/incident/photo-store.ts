import { Injectable, Logger } from '@nestjs/common';
import { OfficeErrorCode, PHOTO_BUCKET } from '@grid122/contracts';
import { AppError, NatsHolder } from '@grid122/messaging';

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

  /** OFFICE_PHOTO_NOT_FOUND (422) naming the field and the hashes not uploaded, when any is not stored. */
  async require(hashes: string[] | undefined, field: string): Promise<void> {
    const missing = await this.missing(hashes ?? []);
    if (missing.length > 0) throw new AppError(OfficeErrorCode.PhotoNotFound, `Photos not uploaded: ${missing.join(', ')}`, { field, missing });
  }
}
