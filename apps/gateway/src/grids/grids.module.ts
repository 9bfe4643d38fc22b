import { Module, Provider, Type } from '@nestjs/common';
import { AddressClient, AddressesHttpController } from './addresses.http-controller';
import { GridsHttpController } from './grids.http-controller';
import { RegistryClient } from './registry.client';
import {
  DepartmentsHttpController,
  OrganisationTasksHttpController,
  PartyOrganisationsHttpController,
  PlacesHttpController,
  StaffHttpController,
  VolunteersHttpController,
} from './registry-resources.http-controller';

/** Gateway routes for grid-registry: controllers (adapters only) and the typed client. */
const controllers: Type[] = [
  GridsHttpController,
  StaffHttpController,
  DepartmentsHttpController,
  PartyOrganisationsHttpController,
  VolunteersHttpController,
  PlacesHttpController,
  OrganisationTasksHttpController,
  AddressesHttpController,
];
const providers: Provider[] = [RegistryClient, AddressClient];

@Module({ controllers, providers, exports: providers as Type[] })
export class GridsModule {}
