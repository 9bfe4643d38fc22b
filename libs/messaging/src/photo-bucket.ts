import { createHash } from 'node:crypto';
import { CommonErrorCode, PHOTO_BUCKET } from '@grid122/contracts';
import { isWithinScope } from '@grid122/access';
import { isStoreFull } from './jetstream';
import { NatsHolder } from './nats.holder';
import { AppError } from './rpc/app-error';

export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

/** The type from the first bytes (magic numbers), whatever the client claimed. */
export function sniffImageType(b: Buffer): PhotoType | null {
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 8 && b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'image/png';
  if (b.length >= 12 && b.toString('ascii', 0, 4) === 'RIFF' && b.toString('ascii', 8, 12) === 'WEBP') return 'image/webp';
  return null;
}

/** Object metadata key: the scopes (grid paths) of the accounts that uploaded the photo, comma-separated. */
export const PHOTO_SCOPES = 'scopes';

export function photoScopes(metadata: Record<string, string> | undefined): string[] {
  const v = metadata?.[PHOTO_SCOPES];
  return v === undefined ? [] : v.split(',');
}

/**
 * A photo is seen by callers in the line of an uploader's scope: the uploader's own subtree and the
 * levels above it (the street's command, the district, the admin's ''), and a grid worker of the
 * uploading street's grid below a street-wide uploader; never another street. A photo stored before
 * scopes were kept (no metadata) is the whole-suite admin's only.
 */
export function maySeePhoto(callerScope: string, uploaderScopes: string[]): boolean {
  if (callerScope === '') return true;
  return uploaderScopes.some((s) => isWithinScope(s, callerScope) || (s !== '' && isWithinScope(callerScope, s)));
}

/**
 * Photos by content hash in the JetStream Object Store (`grid122-photos`, object = sha256, declared
 * by ensurePhotoBucket): the same photo uploaded twice is stored once, with the scopes of those who
 * uploaded it; the office checks the hashes an incident names exist. The gateway's photo routes are
 * its HTTP edge.
 */
export class PhotoBucket {
  constructor(private readonly nats: Pick<NatsHolder, 'get'>) {}

  /** Stores a photo for an uploader's scope: JPEG, PNG or WebP by content (415 otherwise); 413 when the bucket is full. */
  async put(bytes: Buffer, scope: string): Promise<{ sha256: string; contentType: PhotoType; size: number }> {
    const type = sniffImageType(bytes);
    if (!type) throw new AppError(CommonErrorCode.UnsupportedMediaType, 'Only JPEG, PNG and WebP photos are accepted (checked by content)');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const os = await this.store();
    const existing = await os.info(sha256);
    if (!existing || existing.deleted) {
      try {
        await os.putBlob({ name: sha256, description: type, metadata: { [PHOTO_SCOPES]: scope } }, new Uint8Array(bytes));
      } catch (e) {
        // The bucket is at its declared size (PHOTO_BUCKET_MAX_BYTES): refused, old photos kept.
        if (isStoreFull(e)) {
          throw new AppError(CommonErrorCode.PayloadTooLarge, 'The photo store is full: no new photo can be kept until an operator raises PHOTO_BUCKET_MAX_BYTES', { field: 'photo', reason: 'bucket_full' });
        }
        throw e;
      }
    } else if (!photoScopes(existing.metadata).includes(scope)) {
      // The same photo from another scope: that scope may see it too (stored once, by hash).
      await os.update(sha256, { name: sha256, description: existing.description, metadata: { ...existing.metadata, [PHOTO_SCOPES]: [...photoScopes(existing.metadata), scope].join(',') } });
    }
    return { sha256, contentType: type, size: bytes.length };
  }

  /** A photo's bytes for a caller's scope; another street's photo answers as a missing one (a hash is not a key). */
  async read(sha256: string, scope: string): Promise<Buffer> {
    const os = await this.store();
    const info = await os.info(sha256).catch(() => null);
    if (!info || info.deleted || !maySeePhoto(scope, photoScopes(info.metadata))) throw AppError.notFound('Photo', sha256);
    const blob = await os.getBlob(sha256).catch(() => null);
    if (!blob) throw AppError.notFound('Photo', sha256);
    return Buffer.from(blob);
  }

  private async store() {
    try {
      return await this.nats.get().jetstream().views.os(PHOTO_BUCKET);
    } catch (e) {
      throw new AppError(CommonErrorCode.ServiceUnavailable, `The photo store is unavailable: ${(e as Error).message}`);
    }
  }
}
