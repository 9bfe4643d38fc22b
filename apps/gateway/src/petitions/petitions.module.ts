import { Module } from '@nestjs/common';
import * as Http from './petitions.http-controller';

/** Gateway routes for petitions (综合信访稳定组): petitions, receptions, disputes, special and floating population, warnings, meetings. */
@Module({ controllers: Object.values(Http) })
export class PetitionsModule {}
