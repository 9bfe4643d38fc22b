/** Error codes of the social services team (社会服务队). Each has its HTTP status below. */
export enum SocialErrorCode {
  RecipientNotFound = 'SOCIAL_RECIPIENT_NOT_FOUND',
  RequestNotFound = 'SOCIAL_REQUEST_NOT_FOUND',
  VolunteerNotFound = 'SOCIAL_VOLUNTEER_NOT_FOUND',
  /** A resident points holder (居民积分户) not found or outside the scope. */
  ResidentNotFound = 'SOCIAL_RESIDENT_NOT_FOUND',
  TeamNotFound = 'SOCIAL_TEAM_NOT_FOUND',
  ItemNotFound = 'SOCIAL_ITEM_NOT_FOUND',
  ServicePointNotFound = 'SOCIAL_SERVICE_POINT_NOT_FOUND',
  /** The grid is not in the service circle's copy of the grid tree (sync it from the registry). */
  GridNotKnown = 'SOCIAL_GRID_NOT_KNOWN',
  /** A category code that is neither built in nor configured. */
  UnknownCategory = 'SOCIAL_UNKNOWN_CATEGORY',
  /** 爱心超市: not enough stock for the exchange. */
  OutOfStock = 'SOCIAL_OUT_OF_STOCK',
  /** A points balance never goes negative. */
  InsufficientPoints = 'SOCIAL_INSUFFICIENT_POINTS',
  /** Redeeming more breakfast vouchers than were issued and not yet redeemed. */
  VoucherOverdrawn = 'SOCIAL_VOUCHER_OVERDRAWN',
  /** The month's vouchers were already issued to this recipient. */
  VoucherAlreadyIssued = 'SOCIAL_VOUCHER_ALREADY_ISSUED',
  /** Whoever recorded the delivery cannot also confirm it (points are earned on confirmation). */
  SelfConfirmation = 'SOCIAL_SELF_CONFIRMATION',
  /** A goods donation needs lines, a money donation an amount. */
  DonationInvalid = 'SOCIAL_DONATION_INVALID',
  /** The registry could not be reached for a sync or a lookup that needs it. */
  RegistryUnavailable = 'SOCIAL_REGISTRY_UNAVAILABLE',
}

/** The HTTP status the gateway answers for each social error code (a Record: a new code does not compile until listed). */
export const SOCIAL_HTTP_STATUS: Record<SocialErrorCode, number> = {
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
