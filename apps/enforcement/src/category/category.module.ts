import { Module } from '@nestjs/common';
import { CategoryMessageController } from './category.message-controller';
import { CategoryRepository } from './category.repository';
import { CategoryService } from './category.service';

const controllers = [CategoryMessageController];
const services = [CategoryService];
const repositories = [CategoryRepository];

/** Target categories (综合执法重点查处) and their competent departments. */
@Module({ controllers, providers: [...services, ...repositories] })
export class CategoryModule {}
