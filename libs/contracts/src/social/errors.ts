import { CodeOf, errorCodes } from '../common/error-codes';

/** Error codes of the social services team (社会服务队), each with the HTTP status the gateway answers for it. */
export const { codes: SocialErrorCode, httpStatus: SOCIAL_HTTP_STATUS } = errorCodes({
  RecipientNotFound: ['SOCIAL_RECIPIENT_NOT_FOUND', 404],
  RequestNotFound: ['SOCIAL_REQUEST_NOT_FOUND', 404],
  VolunteerNotFound: ['SOCIAL_VOLUNTEER_NOT_FOUND', 404],
  /** A resident points holder (居民积分户) not found or outside the scope. */
  ResidentNotFound: ['SOCIAL_RESIDENT_NOT_FOUND', 404],
  TeamNotFound: ['SOCIAL_TEAM_NOT_FOUND', 404],
  ItemNotFound: ['SOCIAL_ITEM_NOT_FOUND', 404],
  ServicePointNotFound: ['SOCIAL_SERVICE_POINT_NOT_FOUND', 404],
  /** The grid is not in the service circle's copy of the grid tree (sync it from the registry). */
  GridNotKnown: ['SOCIAL_GRID_NOT_KNOWN', 404],
  /** A category code that is neither built in nor configured. */
  UnknownCategory: ['SOCIAL_UNKNOWN_CATEGORY', 400],
  /** 爱心超市: not enough stock for the exchange. */
  OutOfStock: ['SOCIAL_OUT_OF_STOCK', 409],
  /** A points balance never goes negative. */
  InsufficientPoints: ['SOCIAL_INSUFFICIENT_POINTS', 409],
  /** Redeeming more breakfast vouchers than were issued and not yet redeemed. */
  VoucherOverdrawn: ['SOCIAL_VOUCHER_OVERDRAWN', 409],
  /** The month's vouchers were already issued to this recipient. */
  VoucherAlreadyIssued: ['SOCIAL_VOUCHER_ALREADY_ISSUED', 409],
  /** Whoever recorded the delivery cannot also confirm it (points are earned on confirmation). */
  SelfConfirmation: ['SOCIAL_SELF_CONFIRMATION', 403],
  /** A goods donation needs lines, a money donation an amount. */
  DonationInvalid: ['SOCIAL_DONATION_INVALID', 400],
  /** The registry could not be reached for a sync or a lookup that needs it. */
  RegistryUnavailable: ['SOCIAL_REGISTRY_UNAVAILABLE', 503],
});
export type SocialErrorCode = CodeOf<typeof SocialErrorCode>;
