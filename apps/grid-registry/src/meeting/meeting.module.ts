import { Module, Provider, Type } from '@nestjs/common';
import { GridModule } from '../grid/grid.module';
import { MeetingMessageController } from './meeting.message-controller';
import { MeetingRepository } from './meeting.repository';
import { MeetingService } from './meeting.service';

/** 三会一评 (issue 25): meetings with members from the posts, attendance, decisions followed to closure. */
const controllers: Type[] = [MeetingMessageController];
const services: Provider[] = [MeetingService];
const repositories: Provider[] = [MeetingRepository];

@Module({ imports: [GridModule], controllers, providers: [...services, ...repositories], exports: [MeetingService] })
export class MeetingModule {}
