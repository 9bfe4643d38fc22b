/** Domain events of appraisal, `appraisal.<aggregate>.<past-tense>` (JetStream `evt.<type>`). */
export const AppraisalEvents = {
  /**
   * A reporter's return visit (回访) said the problem is NOT fixed: the office consumes this and
   * reopens the incident (its consumer, keyed by the event id / surveyId).
   */
  SurveyNotFixed: 'appraisal.survey.not_fixed',
  SurveyAnswered: 'appraisal.survey.answered',
  /** A month's scores were (re)computed: the monthly close. */
  ScoresComputed: 'appraisal.scores.computed',
} as const;
export type AppraisalEventType = (typeof AppraisalEvents)[keyof typeof AppraisalEvents];

export interface SurveyNotFixedData {
  incidentId: string;
  surveyId: string;
  comment: string | null;
  /** 1-5 */
  rating: number;
  /** who recorded the answer (the reporter, or the centre's return-visit operator) */
  byId: string;
}

export interface SurveyAnsweredData {
  surveyId: string;
  incidentId: string | null;
  rating: number;
  fixed: boolean;
  gridPath: string;
}

export interface ScoresComputedData {
  month: string;
  persons: number;
  grids: number;
}
