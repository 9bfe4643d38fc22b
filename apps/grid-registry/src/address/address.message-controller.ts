import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, SearchAddresses } from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { AddressService } from './address.service';

/** NATS adapter of the address search (按地址定位). */
@Controller()
export class AddressMessageController {
  constructor(private readonly addresses: AddressService) {}

  @MessagePattern(SearchAddresses.subject)
  search(@Payload() req: SearchAddresses.Request, @CurrentActor() actor: Actor) {
    return this.addresses.search(actor, req);
  }
}
