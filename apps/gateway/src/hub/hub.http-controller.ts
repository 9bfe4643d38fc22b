import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, HubDocument, Role } from '@grid122/contracts';
import { ApiKeyAllowed, Caller, Roles } from '../auth/auth.decorators';
import { replySchema } from '../docs/openapi';
import { HubQueryDto } from './hub.dto';
import { HubService } from './hub.service';

/** The command hub aggregate (一办两组两队). */
@ApiTags('hub')
@ApiBearerAuth()
@Controller('api/v1/hub')
export class HubHttpController {
  constructor(private readonly hub: HubService) {}

  @Get()
  @Roles(Role.StreetCommander, Role.DistrictViewer, Role.UnitMember, Role.CommunityStation, Role.Platform)
  @ApiKeyAllowed()
  @ApiOperation({ summary: 'One document for the command hub: every unit of 一办两组两队, each panel with its own status' })
  @ApiOkResponse({ schema: replySchema(HubDocument) })
  get(@Caller() a: Actor, @Query() q: HubQueryDto): Promise<HubDocument> {
    return this.hub.document(a, q);
  }
}
