import { PetitionsErrorCode } from '@grid122/contracts';

/** HTTP status of every petitions error code (a Record: a new code does not compile until listed). */
export const PETITIONS_STATUS: Record<PetitionsErrorCode, number> = {
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
