import { Injectable, Logger } from '@nestjs/common';
import { CommonErrorCode, GetDiaryReview, MeetingFigures, SYSTEM_ACTOR } from '@grid122/contracts';
import { AppError, RpcClient } from '@grid122/messaging';

/** Codes that mean "the source is not answering now" (down or too slow): the section goes out as 暂不可用. */
const ABSENT = new Set<string>([CommonErrorCode.ServiceUnavailable, CommonErrorCode.ServiceTimeout]);

/**
 * 督查 figures for the notice from the services that own them, by the code their own APIs answer
 * with: the office's 讲评 (`office.diary_review.get`, as `GET /diary-reviews/{month}`) and the
 * registry's 三会一评 (`registry.meeting.figures`, as `GET /meetings/figures`). Never re-derived from
 * appraisal's facts, so the notice, the board and the API agree. Asked as the suite for the scope the
 * caller may read (checked by the report service before asking). A source down or too slow gives
 * null — the notice is published with that section marked unavailable (暂不可用), as the hub blanks
 * its diaries — any other refusal is the notice's error.
 */
@Injectable()
export class SupervisionFiguresClient {
  private readonly log = new Logger('NoticeSupervision');

  constructor(private readonly rpc: RpcClient) {}

  diaryReview(month: string, scope: string): Promise<GetDiaryReview.Reply | null> {
    const req: GetDiaryReview.Request = { month, ...(scope ? { root: scope } : {}) };
    return this.orAbsent('diaries', this.rpc.request<GetDiaryReview.Reply>('office', GetDiaryReview.subject, req, { actor: SYSTEM_ACTOR }));
  }

  meetings(month: string, scope: string): Promise<MeetingFigures.Reply | null> {
    const req: MeetingFigures.Request = { month, ...(scope ? { root: scope } : {}) };
    return this.orAbsent('meetings', this.rpc.request<MeetingFigures.Reply>('grid-registry', MeetingFigures.subject, req, { actor: SYSTEM_ACTOR }));
  }

  private async orAbsent<T>(section: string, work: Promise<T>): Promise<T | null> {
    try {
      return await work;
    } catch (e) {
      if (!(e instanceof AppError) || !ABSENT.has(e.code)) throw e;
      this.log.warn(`notice ${section} unavailable: ${e.message}`);
      return null;
    }
  }
}
