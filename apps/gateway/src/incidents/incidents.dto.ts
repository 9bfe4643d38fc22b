import { OmitType } from '@nestjs/swagger';
import { AcknowledgeUrging, UrgeIncident, FileDiary, IncidentActionBody, IncidentFilter, KeyAreaStats, KeyAreaTrend, ListDiaries, OpenByGrid, ListIncidents, RateIncident, ReportIncident } from '@grid122/contracts';

/** HTTP bodies and queries: the contract classes (validated by the global pipe), named for OpenAPI. */
export class ReportIncidentDto extends ReportIncident.Request {}
export class IncidentActionDto extends IncidentActionBody {}

/** `POST /api/v1/incidents/{id}/satisfaction`: 满意 / 基本满意 / 不满意 on the closed case. */
export class SatisfactionDto extends OmitType(RateIncident.Request, ['incidentId'] as const) {}

/** `POST /api/v1/incidents/{id}/urge`: 催办 to the responsible unit or department, with an optional note. */
export class UrgeDto extends OmitType(UrgeIncident.Request, ['incidentId'] as const) {}

/** `POST /api/v1/incidents/{id}/urgings/{urgingId}/acknowledge`: 催办签收, with an optional note. */
export class AcknowledgeUrgingDto extends OmitType(AcknowledgeUrging.Request, ['incidentId', 'urgingId'] as const) {}
export class ListIncidentsQuery extends ListIncidents.Request {}
export class ExportIncidentsQuery extends IncidentFilter {}
export class KeyAreaStatsQuery extends KeyAreaStats.Request {}
export class KeyAreaTrendQuery extends KeyAreaTrend.Request {}
export class OpenByGridQuery extends OpenByGrid.Request {}
export class FileDiaryDto extends FileDiary.Request {}
export class ListDiariesQuery extends ListDiaries.Request {}
