import { PetitionsErrorCode } from '@grid122/contracts';

/** HTTP status of every petitions error code (a Record: a new code does not compile until listed). */
export const PETITIONS_STATUS: Record<PetitionsErrorCode, number> = {
  [PetitionsErrorCode.PetitionNotFound]: 404,
};
