import { Module, Provider, Type } from '@nestjs/common';
import { PopulationModule } from '../population/population.module';
import { FiguresMessageController } from './figures.message-controller';
import { FiguresRepository } from './figures.repository';
import { FiguresService } from './figures.service';

const controllers: Type[] = [FiguresMessageController];
const services: Provider[] = [FiguresService];
const repositories: Provider[] = [FiguresRepository];

/** The group's figures (双下降, repeat rate, on-time replies, disputes, follow-ups). */
@Module({ imports: [PopulationModule], controllers, providers: [...services, ...repositories] })
export class FiguresModule {}
