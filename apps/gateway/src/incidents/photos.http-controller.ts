import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Actor, CommonErrorCode, PHOTO_MAX_BYTES, Role } from '@grid122/contracts';
import { AppError, NatsHolder, PHOTO_TYPES, PhotoBucket, sniffImageType } from '@grid122/messaging';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';
import { bodyParser } from '../routing/body-parser';

/**
 * Raw image bodies (`Content-Type: image/jpeg|png|webp` or `application/octet-stream`) are read as
 * a Buffer bounded at PHOTO_MAX_BYTES (413 above it) on these content types only; JSON keeps the
 * global 1 MB limit. Registered before the server is ready.
 */
export const PhotoBodyParser = bodyParser([...PHOTO_TYPES, 'application/octet-stream'], (body) => body, { parseAs: 'buffer', bodyLimit: PHOTO_MAX_BYTES });

/** The photo bucket's HTTP edge: upload (raw bytes) and read (within the caller's scope), by content hash (PhotoBucket). */
@ApiTags('photos')
@ApiBearerAuth()
@Controller('api/v1/photos')
export class PhotosHttpController {
  private readonly photos: PhotoBucket;

  constructor(nats: NatsHolder) {
    this.photos = new PhotoBucket(nats);
  }

  @Post()
  @Roles(Role.StreetCommander, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Platform)
  @ApiKeyAllowed()
  @ApiConsumes('image/jpeg', 'image/png', 'image/webp')
  async upload(@Caller() a: Actor, @Req() req: FastifyRequest) {
    const bytes = req.body;
    if (!Buffer.isBuffer(bytes) || bytes.length === 0) {
      throw new AppError(CommonErrorCode.UnsupportedMediaType, 'Send the photo bytes with Content-Type image/jpeg, image/png or image/webp');
    }
    const stored = await this.photos.put(bytes, a.scope);
    return { ...stored, url: `/api/v1/photos/${stored.sha256}` };
  }

  @Get(':sha256')
  @Roles(Role.StreetCommander, Role.DistrictViewer, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Platform)
  @ApiKeyAllowed()
  async get(@Caller() a: Actor, @Param('sha256') sha256: string, @Res() reply: FastifyReply) {
    if (!/^[a-f0-9]{64}$/.test(sha256)) throw AppError.validation([{ field: 'sha256', messages: ['sha256 must be 64 hex characters'] }]);
    const bytes = await this.photos.read(sha256, a.scope);
    return reply
      .header('content-type', sniffImageType(bytes) ?? 'application/octet-stream')
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('x-content-type-options', 'nosniff')
      .send(bytes);
  }
}
