import { Injectable } from '@nestjs/common';
import { GetDiaryReview, MeetingFigures, SYSTEM_ACTOR } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';

/**
 * 督查 figures for the notice from the services that own them, by the code their own APIs answer
 * with: the office's 讲评 (`office.diary_review.get`, as `GET /diary-reviews/{month}`) and the
 * registry's 三会一评 (`registry.meeting.figures`, as `GET /meetings/figures`). Never re-derived from
 * appraisal's facts, so the notice, the board and the API agree. Asked as the suite for the scope the
 * caller may read (checked by the report service before asking); a service down is a 503.
 */
@Injectable()
export class SupervisionFiguresClient {
  constructor(private readonly rpc: RpcClient) {}

  diaryReview(month: string, scope: string): Promise<GetDiaryReview.Reply> {
    const req: GetDiaryReview.Request = { month, ...(scope ? { root: scope } : {}) };
    return this.rpc.request<GetDiaryReview.Reply>('office', GetDiaryReview.subject, req, { actor: SYSTEM_ACTOR });
  }

  meetings(month: string, scope: string): Promise<MeetingFigures.Reply> {
    const req: MeetingFigures.Request = { month, ...(scope ? { root: scope } : {}) };
    return this.rpc.request<MeetingFigures.Reply>('grid-registry', MeetingFigures.subject, req, { actor: SYSTEM_ACTOR });
  }
}
