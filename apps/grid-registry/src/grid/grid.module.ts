import { Module } from '@nestjs/common';
import { GridMessageController } from './grid.message-controller';
import { GridRepository } from './grid.repository';
import { GridService } from './grid.service';

const controllers = [GridMessageController];
const services = [GridService];
const repositories = [GridRepository];

/** The grid tree: codes, paths, polygons and their history, locate, import/export, gaps, ledger. */
@Module({ controllers, providers: [...services, ...repositories], exports: [...services, ...repositories] })
export class GridModule {}
