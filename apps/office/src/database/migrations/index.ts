import { Init1795300000000 } from './1795300000000-Init';
import { OfficeLedger1795300100000 } from './1795300100000-OfficeLedger';
import { EscalationDeliveries1795400000100 } from '../../escalation/1795400000100-EscalationDeliveries';
import { FederationTasks1795600000120 } from '../../federation/1795600000120-FederationTasks';
import { IncidentImports1795610000300 } from '../../incident/import/1795610000300-IncidentImports';
import { StatsRollup1795620000000 } from '../../stats/1795620000000-StatsRollup';
import { StatsRollupDays1795620000100 } from '../../stats/1795620000100-StatsRollupDays';
import { IncidentStreetIndexes1795630000000 } from '../../incident/1795630000000-IncidentStreetIndexes';
import { StatsRollupDistricts1795640000000 } from '../../stats/1795640000000-StatsRollupDistricts';
import { IncidentSourceRefIndex1795640000100 } from '../../incident/1795640000100-IncidentSourceRefIndex';
import { IncidentOpenBoardIndex1795640000200 } from '../../incident/1795640000200-IncidentOpenBoardIndex';
import { IncidentTimeOrderedIds1795650000000 } from '../../incident/1795650000000-IncidentTimeOrderedIds';
import { IncidentOpenLocationIndex1795650000100 } from '../../incident/1795650000100-IncidentOpenLocationIndex';
import { RecurrenceAndSpikes1795660000000 } from '../../hotspot/1795660000000-RecurrenceAndSpikes';
import { MonthlyThemes1795660000100 } from '../../theme/1795660000100-MonthlyThemes';
import { ResolutionLevelSolvedOnly1795700000000 } from '../../stats/1795700000000-ResolutionLevelSolvedOnly';
import { IncidentHistoryWindow1795710000000 } from '../../incident/updates/1795710000000-IncidentHistoryWindow';
import { OutboxRetry1795720000000 } from './1795720000000-OutboxRetry';
import { OutboxTraceparent1795900000000 } from './1795900000000-OutboxTraceparent';
import { EventOrder1795900000100 } from './1795900000100-EventOrder';
import { IdempotencyRequests1795730000000 } from './1795730000000-IdempotencyRequests';
import { VerificationPhotos1795740000101 } from '../../incident/photos/1795740000101-VerificationPhotos';
import { DiaryChecks1795750000025 } from '../../diary-check/1795750000025-DiaryChecks';
import { DualReportReceipts1795770000225 } from '../../dual-report/1795770000225-DualReportReceipts';
import { JointDispatch1795760000202 } from '../../joint/1795760000202-JointDispatch';

import { TriageDispatchRules1795770000201 } from '../../triage/1795770000201-TriageDispatchRules';
import { CompletionReplyAndSatisfaction1795780000302 } from '../../satisfaction/1795780000302-CompletionReplyAndSatisfaction';
import { Urgings1795790000404 } from '../../supervision/1795790000404-Urgings';
import { DistrictReplyAndDueDate1795790000405 } from '../../federation/1795790000405-DistrictReplyAndDueDate';
import { IncidentImportStaging1795840000027 } from '../../incident/import/1795840000027-IncidentImportStaging';
import { IncidentIndexesNarrowed1795910000027 } from '../../incident/1795910000027-IncidentIndexesNarrowed';
import { CounterFillfactor1795910000127 } from '../../incident/import/1795910000127-CounterFillfactor';
import { IncidentGridPathText1795910000227 } from '../../incident/1795910000227-IncidentGridPathText';
import { CounterGridPathText1795910000327 } from '../../incident/import/1795910000327-CounterGridPathText';
import { CategoryCounterGridPathText1795910000427 } from '../../hotspot/1795910000427-CategoryCounterGridPathText';

/** Every migration of the office service, in order (its own history in "office".migrations). */
export const MIGRATIONS = [Init1795300000000, OfficeLedger1795300100000, EscalationDeliveries1795400000100, FederationTasks1795600000120, IncidentImports1795610000300, StatsRollup1795620000000, StatsRollupDays1795620000100, IncidentStreetIndexes1795630000000, StatsRollupDistricts1795640000000, IncidentSourceRefIndex1795640000100, IncidentOpenBoardIndex1795640000200, IncidentTimeOrderedIds1795650000000, IncidentOpenLocationIndex1795650000100, RecurrenceAndSpikes1795660000000, MonthlyThemes1795660000100, ResolutionLevelSolvedOnly1795700000000, IncidentHistoryWindow1795710000000, OutboxRetry1795720000000, IdempotencyRequests1795730000000, VerificationPhotos1795740000101, DiaryChecks1795750000025, JointDispatch1795760000202, TriageDispatchRules1795770000201, DualReportReceipts1795770000225, CompletionReplyAndSatisfaction1795780000302, Urgings1795790000404, DistrictReplyAndDueDate1795790000405, IncidentImportStaging1795840000027, OutboxTraceparent1795900000000, EventOrder1795900000100, IncidentIndexesNarrowed1795910000027, CounterFillfactor1795910000127, IncidentGridPathText1795910000227, CounterGridPathText1795910000327, CategoryCounterGridPathText1795910000427];
