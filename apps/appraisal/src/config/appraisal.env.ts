import { Matches } from 'class-validator';
import { BaseEnv, loadConfig, NumberSetting } from '@grid122/config';

/** Configuration of the appraisal service, validated at boot. */
export class AppraisalEnv extends BaseEnv {
  /** Keeps no personal data: no PII keys are given to it or required (PERSONAL_DATA_APPS). */
  override holdsPersonalData(): boolean {
    return false;
  }

  override PORT: number = 3006;

  /** Rules against formalism: the most points (of 100) a plan may give to pure activity counts. */
  @NumberSetting(0, 60)
  APPRAISAL_ACTIVITY_CAP: number = 10;

  /** Default weights of the three rates (response, resolution, satisfaction), e.g. Beijing's 10,45,45. */
  @Matches(/^\d{1,3}(\.\d+)?,\d{1,3}(\.\d+)?,\d{1,3}(\.\d+)?$/, { message: 'APPRAISAL_THREE_RATE_WEIGHTS must be three numbers like 10,45,45' })
  APPRAISAL_THREE_RATE_WEIGHTS: string = '10,45,45';
}

export const loadAppraisalEnv = (env: Record<string, string | undefined> = process.env): AppraisalEnv => loadConfig(AppraisalEnv, env);
