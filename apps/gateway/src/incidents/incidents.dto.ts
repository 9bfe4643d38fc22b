import { FileDiary, IncidentActionBody, IncidentFilter, KeyAreaStats, KeyAreaTrend, ListDiaries, OpenByGrid, ListIncidents, ReportIncident } from '@grid122/contracts';

/** HTTP bodies and queries: the contract classes (validated by the global pipe), named for OpenAPI. */
export class ReportIncidentDto extends ReportIncident.Request {}
export class IncidentActionDto extends IncidentActionBody {}
export class ListIncidentsQuery extends ListIncidents.Request {}
export class ExportIncidentsQuery extends IncidentFilter {}
export class KeyAreaStatsQuery extends KeyAreaStats.Request {}
export class KeyAreaTrendQuery extends KeyAreaTrend.Request {}
export class OpenByGridQuery extends OpenByGrid.Request {}
export class FileDiaryDto extends FileDiary.Request {}
export class ListDiariesQuery extends ListDiaries.Request {}
