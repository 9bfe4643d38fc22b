import { Module } from '@nestjs/common';
import { GridModule } from '../grid/grid.module';
import { DepartmentRepository } from './department.repository';
import { DepartmentService } from './department.service';
import { PeopleMessageController } from './people.message-controller';
import { StaffRepository } from './staff.repository';
import { StaffService } from './staff.service';
import { VolunteerRepository } from './volunteer.repository';
import { VolunteerService } from './volunteer.service';

const controllers = [PeopleMessageController];
const services = [StaffService, DepartmentService, VolunteerService];
const repositories = [StaffRepository, DepartmentRepository, VolunteerRepository];

/** People on grids: staff (1+X+Y, seven forces), departments and seconded staff, volunteers. */
@Module({ imports: [GridModule], controllers, providers: [...services, ...repositories], exports: [StaffRepository] })
export class PeopleModule {}
