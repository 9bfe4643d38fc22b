import { createHash } from 'node:crypto';
import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, CommonErrorCode, PHOTO_BUCKET, PHOTO_MAX_BYTES, Role } from '@grid122/contracts';
import { AppError, isStoreFull, NatsHolder } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';
import { bodyParser } from '../routing/body-parser';

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
 * Raw image bodies (`Content-Type: image/jpeg|png|webp` or `application/octet-stream`) are read as
 * a Buffer bounded at PHOTO_MAX_BYTES (413 above it) on these content types only; JSON keeps the
 * global 1 MB limit. Registered before the server is ready.
 */
export const PhotoBodyParser = bodyParser([...PHOTO_TYPES, 'application/octet-stream'], (body) => body, { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES });

/**
 * Photos by content hash in the JetStream Object Store (`grid122-photos`, object = sha256): the
 * same photo uploaded twice is stored once; the office checks the hashes an incident names exist.
 */
@ApiTags('photos')
@ApiBearerAuth()
@Controller('api/v1/photos')
export class PhotosHttpController {
  constructor(private readonly nats: NatsHolder) {}

  @Post()
  @Roles(Role.StreetCommander, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Platform)
  @ApiKeyAllowed()
  @ApiConsumes('image/jpeg', 'image/png', 'image/webp')
  async upload(@Caller() a: Actor, @Req() req: FastifyRequest) {
    const bytes = req.body;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
      throw new AppError(CommonErrorCode.UnsupportedMediaType, 'Send the photo bytes with Content-Type image/jpeg, image/png or image/webp');
    }
    const type = sniffImageType(bytes);
    if (!type) throw new AppError(CommonErrorCode.UnsupportedMediaType, 'Only JPEG, PNG and WebP photos are accepted (checked by content)');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const os = await this.store();
    const existing = await os.info(sha256);
    if (!existing || existing.deleted) {
      try {
        await os.putBlob({ name: sha256, description: type, metadata: { [PHOTO_SCOPES]: a.scope } }, new Uint8Array(bytes));
      } catch (e) {
        // The bucket is at its declared size (PHOTO_BUCKET_MAX_BYTES): refused, old photos kept.
        if (isStoreFull(e)) {
          throw new AppError(CommonErrorCode.PayloadTooLarge, 'The photo store is full: no new photo can be kept until an operator raises PHOTO_BUCKET_MAX_BYTES', { field: 'photo', reason: 'bucket_full' });
        }
        throw e;
      }
    }
    else if (!photoScopes(existing.metadata).includes(a.scope)) {
      // The same photo from another scope: that scope may see it too (stored once, by hash).
      await os.update(sha256, { name: sha256, description: existing.description, metadata: { ...existing.metadata, [PHOTO_SCOPES]: [...photoScopes(existing.metadata), a.scope].join(',') } });
    }
    return { sha256, contentType: type, size: bytes.length, url: `/api/v1/photos/${sha256}` };
  }

  @Get(':sha256')
  @Roles(Role.StreetCommander, Role.DistrictViewer, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Platform)
  @ApiKeyAllowed()
  async get(@Caller() a: Actor, @Param('sha256') sha256: string, @Res() reply: FastifyReply) {
    if (!/^[a-f0-9]{64}$/.test(sha256)) throw AppError.validation([{ field: 'sha256', messages: ['sha256 must be 64 hex characters'] }]);
    const os = await this.store();
    const info = await os.info(sha256).catch(() => null);
    // Another street's photo answers as a missing one: a hash is not a key (no cross-street fetch).
    if (!info || info.deleted || !maySeePhoto(a.scope, photoScopes(info.metadata))) throw AppError.notFound('Photo', sha256);
    const blob = await os.getBlob(sha256).catch(() => null);
    if (!blob) throw AppError.notFound('Photo', sha256);
    const bytes = Buffer.from(blob);
    return reply
      .header('content-type', sniffImageType(bytes) ?? 'application/octet-stream')
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  }

  private async store() {
    try {
      return await this.nats.get().jetstream().views.os(PHOTO_BUCKET);
    } catch (e) {
      throw new AppError(CommonErrorCode.ServiceUnavailable, `The photo store is unavailable: ${(e as Error).message}`);
    }
  }
}
