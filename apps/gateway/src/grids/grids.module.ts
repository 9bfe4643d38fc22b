import { Module } from '@nestjs/common';
import * as Http from './grids.http-controller';

/** Gateway routes for grid-registry (基层组织建设组): grids, staff, departments, party organisations, volunteers, base data, tasks, addresses. */
@Module({ controllers: [Http.GridsHttpController, Http.StaffHttpController, Http.DepartmentsHttpController, Http.PartyOrganisationsHttpController, Http.VolunteersHttpController, Http.PlacesHttpController, Http.OrganisationTasksHttpController, Http.AddressesHttpController] })
export class GridsModule {}
