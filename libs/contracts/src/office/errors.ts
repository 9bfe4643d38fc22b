/** Error codes of the office (一办). */
export enum OfficeErrorCode {
  IncidentNotFound = 'OFFICE_INCIDENT_NOT_FOUND',
}
