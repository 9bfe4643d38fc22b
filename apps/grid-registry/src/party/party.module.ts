import { Module } from '@nestjs/common';
import { GridModule } from '../grid/grid.module';
import { PeopleModule } from '../people/people.module';
import { PartyMessageController } from './party.message-controller';
import { PartyRepository } from './party.repository';
import { PartyService } from './party.service';

const controllers = [PartyMessageController];
const services = [PartyService];
const repositories = [PartyRepository];

/** Party organisations on grids and members' commitments. */
@Module({ imports: [GridModule, PeopleModule], controllers, providers: [...services, ...repositories] })
export class PartyModule {}
