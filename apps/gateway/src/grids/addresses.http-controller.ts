import { Controller, Get, Injectable, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Actor, Role, SearchAddresses } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { Caller, Roles } from '../auth/auth.decorators';
import { ServiceClient } from '../clients/service.client';

/** The registry's address search, typed. */
@Injectable()
export class AddressClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'grid-registry');
  }
  search(actor: Actor, req: SearchAddresses.Request) {
    return this.call<SearchAddresses.Reply>(SearchAddresses.subject, req, actor);
  }
}

export class SearchAddressesQuery extends SearchAddresses.Request {}

/** 按地址定位: the desk looks an address up (a 12345 call gives one, not a point). */
@ApiTags('grids')
@ApiBearerAuth()
@Controller('api/v1')
export class AddressesHttpController {
  constructor(private readonly addresses: AddressClient) {}

  @Get('addresses')
  @Roles(Role.StreetCommander, Role.DistrictViewer, Role.GridWorker, Role.UnitMember, Role.DepartmentLiaison, Role.Admin)
  search(@Caller() a: Actor, @Query() q: SearchAddressesQuery) {
    return this.addresses.search(a, q);
  }
}
