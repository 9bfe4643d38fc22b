import { AdoptTheme, AnalyseHotspots, GetTheme, ListRecurrences, ListSpikes, ListThemes, RecurrenceSummary, Role, ThemeCandidates } from '@grid122/contracts';
import { get, httpController, post, uuid } from '../routing/routes';

/** Who reads the ledger's figures: the commander and the district (scoped by their grid path). */
const READERS = [Role.StreetCommander, Role.DistrictViewer, Role.GridWorker];

/** 复发、热点、突增 (issue 26): routes only, the office decides (docs/hotspots.md). */
export const HotspotsHttpController = httpController('HotspotsHttpController', { path: 'api/v1', tag: 'hotspots' }, [
  get('recurrence', RecurrenceSummary, READERS, 'recurrenceSummary', { summary: '复发: recurring problems per place and category, 30天复发率 beside 返工率' }),
  get('recurrence/incidents', ListRecurrences, READERS, 'recurrences', { summary: 'Recurring problems, newest first, each with its predecessors at the place' }),
  get('hotspots', AnalyseHotspots, READERS, 'analyse', { summary: 'Emerging hot and cold spots: Gi* per week or month over grid neighbours, Mann-Kendall trends, ArcGIS classes' }),
  get('spikes', ListSpikes, READERS, 'spikes', { summary: '突增: categories above their usual level in a grid or community (Poisson baseline per weekday)' }),
  get('themes/candidates', ThemeCandidates, READERS, 'themeCandidates', { summary: '每月一题: the month’s candidate themes (recurring, widespread, rising) with their evidence' }),
  post('themes', AdoptTheme, [Role.StreetCommander], 'adoptTheme', { summary: '每月一题: adopt a theme as a project (owner, units, departments, target, deadline); 409 when adopted already' }),
  get('themes', ListThemes, READERS, 'themes', { summary: 'Adopted themes with their before/after figures (same places, category, season)' }),
  get('themes/:id', GetTheme, READERS, 'theme', { params: { id: uuid }, summary: 'One theme: evidence, project, before/after per month (the chart)' }),
]);
