import { maskPhone, PiiCipher } from '@grid122/privacy';
import { Provider } from '@nestjs/common';
import { GridRegistryEnv } from '../config/grid-registry.env';

/** The cipher for staff phones (AES-256-GCM at rest, HMAC for exact lookups). */
export const piiCipherProvider: Provider = {
  provide: PiiCipher,
  inject: [GridRegistryEnv],
  useFactory: (env: GridRegistryEnv) => new PiiCipher(env.piiKeys('grid-registry')),
};

/** Shows a stored phone in full or masked, depending on what the caller may see. */
export function showPhone(cipher: PiiCipher, stored: string | null, full: boolean): string | null {
  if (!stored) return null;
  const plain = cipher.decrypt(stored);
  return full ? plain : maskPhone(plain);
}
