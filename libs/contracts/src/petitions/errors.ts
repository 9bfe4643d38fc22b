/** Error codes of the petitions & stability group. */
export enum PetitionsErrorCode {
  PetitionNotFound = 'PETITIONS_PETITION_NOT_FOUND',
  ReceptionNotFound = 'PETITIONS_RECEPTION_NOT_FOUND',
  DisputeNotFound = 'PETITIONS_DISPUTE_NOT_FOUND',
  PersonNotFound = 'PETITIONS_PERSON_NOT_FOUND',
  WarningNotFound = 'PETITIONS_WARNING_NOT_FOUND',
  MeetingNotFound = 'PETITIONS_MEETING_NOT_FOUND',
  /** The caller is not the first-inquiry owner (首问责任人) and has no hand-over. */
  NotOwner = 'PETITIONS_NOT_OWNER',
  /** The reply deadline was already extended once. */
  AlreadyExtended = 'PETITIONS_ALREADY_EXTENDED',
  /** A reception slot is already booked (no double booking). */
  SlotTaken = 'PETITIONS_SLOT_TAKEN',
  /** The reception is not open for booking (not published, held, cancelled, or a home visit). */
  ReceptionNotBookable = 'PETITIONS_RECEPTION_NOT_BOOKABLE',
  /** Identities are shown only to roles that need them, through an audited reveal. */
  IdentityNotAllowed = 'PETITIONS_IDENTITY_NOT_ALLOWED',
  /** A grid path outside the caller's scope. */
  OutOfScope = 'PETITIONS_OUT_OF_SCOPE',
  /** An agreement needs two or more parties on the dispute. */
  NotEnoughParties = 'PETITIONS_NOT_ENOUGH_PARTIES',
  UnknownCategory = 'PETITIONS_UNKNOWN_CATEGORY',
  /** No grid under the warning that the caller could acknowledge. */
  NothingToAcknowledge = 'PETITIONS_NOTHING_TO_ACKNOWLEDGE',
  AlreadyLeft = 'PETITIONS_ALREADY_LEFT',
}

/** The HTTP status the gateway answers for each petitions error code (a Record: a new code does not compile until listed). */
export const PETITIONS_HTTP_STATUS: Record<PetitionsErrorCode, number> = {
  [PetitionsErrorCode.PetitionNotFound]: 404,
  [PetitionsErrorCode.ReceptionNotFound]: 404,
  [PetitionsErrorCode.DisputeNotFound]: 404,
  [PetitionsErrorCode.PersonNotFound]: 404,
  [PetitionsErrorCode.WarningNotFound]: 404,
  [PetitionsErrorCode.MeetingNotFound]: 404,
  [PetitionsErrorCode.NotOwner]: 403,
  [PetitionsErrorCode.AlreadyExtended]: 409,
  [PetitionsErrorCode.SlotTaken]: 409,
  [PetitionsErrorCode.ReceptionNotBookable]: 409,
  [PetitionsErrorCode.IdentityNotAllowed]: 403,
  [PetitionsErrorCode.OutOfScope]: 403,
  [PetitionsErrorCode.NotEnoughParties]: 422,
  [PetitionsErrorCode.UnknownCategory]: 400,
  [PetitionsErrorCode.NothingToAcknowledge]: 409,
  [PetitionsErrorCode.AlreadyLeft]: 409,
};
