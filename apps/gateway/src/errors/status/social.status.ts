import { SocialErrorCode } from '@grid122/contracts';

/** HTTP status of every social error code (a Record: a new code does not compile until listed). */
export const SOCIAL_STATUS: Record<SocialErrorCode, number> = {
  [SocialErrorCode.RecipientNotFound]: 404,
  [SocialErrorCode.RequestNotFound]: 404,
  [SocialErrorCode.VolunteerNotFound]: 404,
  [SocialErrorCode.ResidentNotFound]: 404,
  [SocialErrorCode.TeamNotFound]: 404,
  [SocialErrorCode.ItemNotFound]: 404,
  [SocialErrorCode.ServicePointNotFound]: 404,
  [SocialErrorCode.GridNotKnown]: 404,
  [SocialErrorCode.UnknownCategory]: 400,
  [SocialErrorCode.OutOfStock]: 409,
  [SocialErrorCode.InsufficientPoints]: 409,
  [SocialErrorCode.VoucherOverdrawn]: 409,
  [SocialErrorCode.VoucherAlreadyIssued]: 409,
  [SocialErrorCode.SelfConfirmation]: 403,
  [SocialErrorCode.DonationInvalid]: 400,
  [SocialErrorCode.RegistryUnavailable]: 503,
};
