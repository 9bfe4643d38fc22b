import { SearchAddresses } from '@grid122/contracts';
import { messageController } from '@grid122/messaging';
import { AddressService } from './address.service';

/** NATS adapter of the address search (按地址定位). */
export const AddressMessageController = messageController('AddressMessageController', { addresses: AddressService }, (on) => [
  on(SearchAddresses, (s, req, a) => s.addresses.search(a, req)),
]);
