import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  Actor, CreateSupermarketItem, ExchangePoints, ListDonations, ListPointExchanges, ListSupermarketItems, ListSupermarketStock, MoveSupermarketStock,
  RecordDonation, SupermarketStatement, UpdateSupermarketItem,
} from '@grid122/contracts';
import { CurrentActor } from '@grid122/messaging';
import { SupermarketService } from './supermarket.service';

@Controller()
export class SupermarketMessageController {
  constructor(private readonly service: SupermarketService) {}

  @MessagePattern(ListSupermarketItems.subject)
  items(@Payload() req: ListSupermarketItems.Request, @CurrentActor() a: Actor) { return this.service.items(a, req); }

  @MessagePattern(CreateSupermarketItem.subject)
  createItem(@Payload() req: CreateSupermarketItem.Request, @CurrentActor() a: Actor) { return this.service.createItem(a, req); }

  @MessagePattern(UpdateSupermarketItem.subject)
  updateItem(@Payload() req: UpdateSupermarketItem.Request, @CurrentActor() a: Actor) { return this.service.updateItem(a, req); }

  @MessagePattern(ListSupermarketStock.subject)
  stock(@Payload() _req: ListSupermarketStock.Request, @CurrentActor() a: Actor) { return this.service.stock(a); }

  @MessagePattern(MoveSupermarketStock.subject)
  moveStock(@Payload() req: MoveSupermarketStock.Request, @CurrentActor() a: Actor) { return this.service.moveStock(a, req); }

  @MessagePattern(ExchangePoints.subject)
  exchange(@Payload() req: ExchangePoints.Request, @CurrentActor() a: Actor) { return this.service.exchange(a, req); }

  @MessagePattern(ListPointExchanges.subject)
  exchanges(@Payload() req: ListPointExchanges.Request, @CurrentActor() a: Actor) { return this.service.exchanges(a, req); }

  @MessagePattern(RecordDonation.subject)
  donate(@Payload() req: RecordDonation.Request, @CurrentActor() a: Actor) { return this.service.donate(a, req); }

  @MessagePattern(ListDonations.subject)
  donations(@Payload() req: ListDonations.Request, @CurrentActor() a: Actor) { return this.service.donations(a, req); }

  @MessagePattern(SupermarketStatement.subject)
  statement(@Payload() req: SupermarketStatement.Request, @CurrentActor() a: Actor) { return this.service.statement(a, req); }
}
