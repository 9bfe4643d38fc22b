import { Module, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import * as Appraisal from '../appraisal/appraisal.http-controller';
import * as Enforcement from '../enforcement/enforcement.http-controller';
import * as Federation from '../federation/federation.http-controller';
import * as Grids from '../grids/grids.http-controller';
import * as Hotspots from '../hotspots/hotspots.http-controller';
import * as Petitions from '../petitions/petitions.http-controller';
import * as Social from '../social/social.http-controller';
import * as Supervision from '../supervision/supervision.http-controller';

/** The controllers a route-table file exports (its role lists and helpers are left out). */
const controllersOf = (file: Record<string, unknown>): Type[] => Object.values(file).filter((v): v is Type => typeof v === 'function' && Reflect.getMetadata(PATH_METADATA, v) !== undefined);

/**
 * The services' route tables (routes only: each service decides): 基层组织建设组 (grids), 综合信访稳定组
 * (petitions), 综合执法队 (enforcement), 社会服务队 (social), 考核评价 (appraisal), 督查 (supervision),
 * 复发、热点、突增 (hotspots) and the district's federation routes. A new route is a line in its
 * table; a new table exported from one of these files is served without another change.
 */
@Module({ controllers: [Grids, Hotspots, Petitions, Enforcement, Social, Appraisal, Supervision, Federation].flatMap(controllersOf) })
export class RouteTablesModule {}
