import { Injectable } from '@nestjs/common';
import {
  Actor,
  CloseMeetingDecision,
  DoubleSelectionView,
  ListDoubleSelections,
  RecordDoubleSelection,
  GetGridMeeting,
  GridMeetingView,
  ListGridMeetings,
  ListMeetingDecisions,
  ListMeetingKinds,
  MeetingDecisionView,
  MeetingFigures,
  MeetingMembersOf,
  OverdueMeetings,
  RecordGridMeeting,
} from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';
import { ServiceClient } from '../clients/service.client';

/** The registry's meetings of 三会一评, over NATS. */
@Injectable()
export class MeetingsClient extends ServiceClient {
  constructor(rpc: RpcClient) {
    super(rpc, 'grid-registry');
  }
  kinds = (a: Actor) => this.call<ListMeetingKinds.Reply>(ListMeetingKinds.subject, {}, a);
  members = (a: Actor, r: MeetingMembersOf.Request) => this.call<MeetingMembersOf.Reply>(MeetingMembersOf.subject, r, a);
  record = (a: Actor, r: RecordGridMeeting.Request) => this.call<GridMeetingView>(RecordGridMeeting.subject, r, a);
  list = (a: Actor, r: ListGridMeetings.Request) => this.call<ListGridMeetings.Reply>(ListGridMeetings.subject, r, a);
  get = (a: Actor, r: GetGridMeeting.Request) => this.call<GridMeetingView>(GetGridMeeting.subject, r, a);
  overdue = (a: Actor, r: OverdueMeetings.Request) => this.call<OverdueMeetings.Reply>(OverdueMeetings.subject, r, a);
  figures = (a: Actor, r: MeetingFigures.Request) => this.call<MeetingFigures.Reply>(MeetingFigures.subject, r, a);
  decisions = (a: Actor, r: ListMeetingDecisions.Request) => this.call<ListMeetingDecisions.Reply>(ListMeetingDecisions.subject, r, a);
  choose = (a: Actor, r: RecordDoubleSelection.Request) => this.call<DoubleSelectionView>(RecordDoubleSelection.subject, r, a);
  selections = (a: Actor, r: ListDoubleSelections.Request) => this.call<ListDoubleSelections.Reply>(ListDoubleSelections.subject, r, a);
  close = (a: Actor, r: CloseMeetingDecision.Request) => this.call<MeetingDecisionView>(CloseMeetingDecision.subject, r, a);
}
