import { maskPhone, PiiCipher } from '@grid122/privacy';

/**
 * A stored phone as every list and view shows it, to every role: masked (139****5678). The full
 * number only through the audited reveal (`registry.staff.reveal-phone`, issue 20 item 8).
 */
export function maskedPhone(cipher: PiiCipher, stored: string | null): string | null {
  return stored ? maskPhone(cipher.decrypt(stored)) : null;
}
