import { PetitionsMonthRangeQuery } from './common';
import { rpcSubject } from '../common/rpc';

export interface PetitionMonthFigures {
  month: string;
  petitions: number;
  collective: number;
  repeat: number;
  /** People who came in collective petitions. */
  collectiveHeadcount: number;
}

/** `petitions.figures.get`: the group's figures for a month range (default: the last 12 months). */
export namespace GetPetitionsFigures {
  export const subject = rpcSubject<Request, Reply>('petitions.figures.get');
  export class Request extends PetitionsMonthRangeQuery {}
  export interface Reply {
    from: string;
    to: string;
    gridPath: string;
    petitions: {
      months: PetitionMonthFigures[];
      total: number;
      collective: number;
      /** 双下降: the last month against the one before, both volume and collective fell (or neither rose from 0). */
      doubleDecline: { volumeDown: boolean; collectiveDown: boolean; both: boolean };
      /** Share of petitions that repeat an earlier one. */
      repeatRate: number | null;
      /** Share of petitions replied on the merits within their limit, of those replied or overdue. */
      onTimeReplyRate: number | null;
      overdueNow: number;
    };
    disputes: {
      opened: number;
      mediated: number;
      settled: number;
      referred: number;
      /** Share of settled disputes per level (grid/community/street/district). */
      settledLevelShares: Record<string, number>;
    };
    followUps: {
      due: number;
      done: number;
      rate: number | null;
      overdueNow: number;
    };
  }
}
