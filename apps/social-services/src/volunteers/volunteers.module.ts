import { Module } from '@nestjs/common';
import { VolunteersMessageController } from './volunteers.message-controller';
import { VolunteersRepository } from './volunteers.repository';
import { VolunteersService } from './volunteers.service';

const controllers = [VolunteersMessageController];
const services = [VolunteersService];
const repositories = [VolunteersRepository];

/** Volunteers, the 13 teams, hours per activity and the points ledger (积分). */
@Module({ controllers, providers: [...services, ...repositories], exports: [...services, ...repositories] })
export class VolunteersModule {}
