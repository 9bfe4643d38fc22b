import { Module, Provider, Type } from '@nestjs/common';
import { IndicatorRepository } from './indicator.repository';

const repositories: Provider[] = [IndicatorRepository];

/** The indicator read model (facts → per person / grid / month values). */
@Module({ providers: repositories, exports: repositories as Type[] })
export class IndicatorModule {}
