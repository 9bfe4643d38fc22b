/** Error codes of the social services team. */
export enum SocialErrorCode {
  RecipientNotFound = 'SOCIAL_RECIPIENT_NOT_FOUND',
}
