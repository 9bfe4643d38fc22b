import {
  CreateSupermarketItem, ExchangePoints, ListDonations, ListPointExchanges, ListSupermarketItems, ListSupermarketStock, MoveSupermarketStock,
  RecordDonation, SupermarketStatement, UpdateSupermarketItem,
} from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { SupermarketService } from './supermarket.service';

export const SupermarketMessageController = messageController('SupermarketMessageController', { service: SupermarketService }, (on) => [
  on(ListSupermarketItems, (s, req, a) => s.service.items(a, req)),
  on(CreateSupermarketItem, (s, req, a) => s.service.createItem(a, req)),
  on(UpdateSupermarketItem, (s, req, a) => s.service.updateItem(a, req)),
  on(ListSupermarketStock, (s, req, a) => s.service.stock(a)),
  on(MoveSupermarketStock, (s, req, a) => s.service.moveStock(a, req)),
  on(ExchangePoints, (s, req, a) => s.service.exchange(a, req)),
  on(ListPointExchanges, (s, req, a) => s.service.exchanges(a, req)),
  on(RecordDonation, (s, req, a) => s.service.donate(a, req)),
  on(ListDonations, (s, req, a) => s.service.donations(a, req)),
  on(SupermarketStatement, (s, req, a) => s.service.statement(a, req)),
]);
