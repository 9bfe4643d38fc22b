import { Module } from '@nestjs/common';
import { AddressMessageController } from './address.message-controller';
import { AddressRepository } from './address.repository';
import { AddressService } from './address.service';

/** 按地址定位 (issue 23, item 2): addresses matched against buildings, organisations, compounds and communities. */
@Module({ controllers: [AddressMessageController], providers: [AddressService, AddressRepository] })
export class AddressModule {}
