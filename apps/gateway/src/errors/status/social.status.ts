import { SocialErrorCode } from '@grid122/contracts';

/** HTTP status of every social error code (a Record: a new code does not compile until listed). */
export const SOCIAL_STATUS: Record<SocialErrorCode, number> = {
  [SocialErrorCode.RecipientNotFound]: 404,
};
