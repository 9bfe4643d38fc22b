/** Error codes of the petitions & stability group. */
export enum PetitionsErrorCode {
  PetitionNotFound = 'PETITIONS_PETITION_NOT_FOUND',
}
