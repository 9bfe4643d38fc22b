import { Module, Provider } from '@nestjs/common';
import { DisputeModule } from '../dispute/dispute.module';
import { PetitionModule } from '../petition/petition.module';
import { OfficeDispatchConsumer } from './office-dispatch.consumer';

const consumers: Provider[] = [OfficeDispatchConsumer];

/** Cases the office dispatches to the group (一办派遣), by event. */
@Module({ imports: [PetitionModule, DisputeModule], providers: consumers })
export class IntakeModule {}
