import { StreamableFile } from '@nestjs/common';
import { PetitionsFileReply } from '@grid122/contracts';

/** Turns a service's base64 file into a download (XLSX exports). */
export function toDownload(file: PetitionsFileReply): StreamableFile {
  return new StreamableFile(Buffer.from(file.base64, 'base64'), {
    type: file.contentType,
    disposition: `attachment; filename="${file.filename}"`,
    length: undefined,
  });
}

export const toDownloadAsync = (p: Promise<PetitionsFileReply>): Promise<StreamableFile> => p.then(toDownload);
