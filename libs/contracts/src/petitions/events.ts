import { PetitionChannel, SettledLevel, WarningLevel } from './labels';

/**
 * Domain events of the petitions service, `petitions.<aggregate>.<past-tense>` (appraisal and the
 * live feed read them). The unit-case events for the office are in common/unit-cases.ts.
 */
export const PetitionsEvents = {
  PetitionReceived: 'petitions.petition.received',
  PetitionReplied: 'petitions.petition.replied',
  DisputeSettled: 'petitions.dispute.settled',
  /**
   * A dispute opened at the group itself (not from an office dispatch): data DisputeOpenedData.
   * With petitions.petition.received (incidentId null) it puts the group's own intake into the
   * office's key-area ledger (台账完整), once per case.
   */
  DisputeOpened: 'petitions.dispute.opened',
  FollowUpRecorded: 'petitions.followup.recorded',
  WarningIssued: 'petitions.warning.issued',
  WarningAcknowledged: 'petitions.warning.acknowledged',
  /** A complaint against a staff member was found true in a reply (data ComplaintVerifiedData). */
  ComplaintVerified: 'petitions.complaint.verified',
} as const;
export type PetitionsEventType = (typeof PetitionsEvents)[keyof typeof PetitionsEvents];

/** No personal data travels in events: ids, counts and flags only. */
export interface PetitionReceivedData {
  petitionId: string;
  ref: string;
  channel: PetitionChannel;
  matter: string;
  keyArea: string;
  gridPath: string;
  headcount: number;
  collective: boolean;
  /** Linked to an earlier petition of the same petitioner on the same matter. */
  repeat: boolean;
  incidentId: string | null;
  ownerId: string | null;
  receivedAt: string;
  /** Optional: where and who took it in (account id; v2 carries no name, issue 20 item 8), for the office's ledger incident. */
  gridId?: string | null;
  receivedById?: string | null;
}

/** Data of `petitions.dispute.opened`; no personal data (the parties stay in the petitions service). */
export interface DisputeOpenedData {
  disputeId: string;
  ref: string;
  type: string;
  gridPath: string;
  gridId: string | null;
  /** null for a dispute the group opened itself; set when it came from an office dispatch. */
  incidentId: string | null;
  /** v2: the account id only (no name in an event, issue 20 item 8). */
  openedById: string | null;
  openedAt: string;
}

export interface PetitionRepliedData {
  petitionId: string;
  ref: string;
  gridPath: string;
  ownerId: string | null;
  repliedAt: string;
  dueAt: string;
  /** Replied on the merits within the (possibly extended) time limit. */
  onTime: boolean;
  incidentId: string | null;
}

export interface ComplaintVerifiedData {
  /** The petition that carried the complaint. */
  complaintId: string;
  ref: string;
  /** The staff member (account id) the complaint was against. */
  personId: string;
  gridPath: string;
  verifiedAt: string;
}

export interface DisputeSettledData {
  disputeId: string;
  ref: string;
  type: string;
  gridPath: string;
  level: SettledLevel;
  settledAt: string;
  sessions: number;
  incidentId: string | null;
}

export interface FollowUpRecordedData {
  followUpId: string;
  personId: string;
  category: string;
  riskLevel: string;
  gridPath: string;
  visitorId: string;
  visitedAt: string;
  /** The visit came after the person's due date. */
  late: boolean;
}

export interface WarningIssuedData {
  warningId: string;
  ref: string;
  level: WarningLevel;
  reason: string;
  gridPaths: string[];
  startsAt: string;
  endsAt: string;
}

export interface WarningAcknowledgedData {
  warningId: string;
  gridPaths: string[];
  byId: string;
}
