import { CodeOf, errorCodes } from '../common/error-codes';

/** Error codes of the petitions & stability group, each with the HTTP status the gateway answers for it. */
export const { codes: PetitionsErrorCode, httpStatus: PETITIONS_HTTP_STATUS } = errorCodes({
  PetitionNotFound: ['PETITIONS_PETITION_NOT_FOUND', 404],
  ReceptionNotFound: ['PETITIONS_RECEPTION_NOT_FOUND', 404],
  DisputeNotFound: ['PETITIONS_DISPUTE_NOT_FOUND', 404],
  PersonNotFound: ['PETITIONS_PERSON_NOT_FOUND', 404],
  WarningNotFound: ['PETITIONS_WARNING_NOT_FOUND', 404],
  MeetingNotFound: ['PETITIONS_MEETING_NOT_FOUND', 404],
  /** The caller is not the first-inquiry owner (首问责任人) and has no hand-over. */
  NotOwner: ['PETITIONS_NOT_OWNER', 403],
  /** The reply deadline was already extended once. */
  AlreadyExtended: ['PETITIONS_ALREADY_EXTENDED', 409],
  /** A reception slot is already booked (no double booking). */
  SlotTaken: ['PETITIONS_SLOT_TAKEN', 409],
  /** The reception is not open for booking (not published, held, cancelled, or a home visit). */
  ReceptionNotBookable: ['PETITIONS_RECEPTION_NOT_BOOKABLE', 409],
  /** Identities are shown only to roles that need them, through an audited reveal. */
  IdentityNotAllowed: ['PETITIONS_IDENTITY_NOT_ALLOWED', 403],
  /** A grid path outside the caller's scope. */
  OutOfScope: ['PETITIONS_OUT_OF_SCOPE', 403],
  /** An agreement needs two or more parties on the dispute. */
  NotEnoughParties: ['PETITIONS_NOT_ENOUGH_PARTIES', 422],
  UnknownCategory: ['PETITIONS_UNKNOWN_CATEGORY', 400],
  /** No grid under the warning that the caller could acknowledge. */
  NothingToAcknowledge: ['PETITIONS_NOTHING_TO_ACKNOWLEDGE', 409],
  AlreadyLeft: ['PETITIONS_ALREADY_LEFT', 409],
});
export type PetitionsErrorCode = CodeOf<typeof PetitionsErrorCode>;
