import { IsOptional, IsString } from 'class-validator';
import { StreetCalendar } from '@grid122/calendar';
import { BaseEnv, IntSetting, NumberSetting, loadConfig } from '@grid122/config';
import { WorkCalendar } from '../clock/work-calendar';
import { WorkCalendarConfig } from '../clock/work-calendar.config';

/** Configuration of the office service, validated at boot. */
export class OfficeEnv extends BaseEnv {
  override PORT: number = 3001;

  /** "Me too": a report of the same category within this radius (metres) … */
  @IntSetting(1, 5000)
  OFFICE_DUPLICATE_RADIUS_M: number = 50;

  /** … and this many hours of an open incident is linked to it as a duplicate. */
  @IntSetting(1, 24 * 90)
  OFFICE_DUPLICATE_WINDOW_HOURS: number = 72;

  /** Photos one incident may hold in all (the report's, every handling round's and verification's): past it 422 OFFICE_PHOTO_QUOTA_EXCEEDED. */
  @IntSetting(9, 1000)
  OFFICE_MAX_PHOTOS_PER_INCIDENT: number = 60;

  /** The reporter may reopen a closed incident within this many days (counted as rework). */
  @IntSetting(1, 365)
  OFFICE_REOPEN_DAYS: number = 7;

  /** 催办: working hours the urged party has to acknowledge before the urging rises one level (unit → commander → district). */
  @IntSetting(1, 240)
  OFFICE_URGE_HOURS: number = 4;

  /** Period of the overdue sweep (督办); 0 turns the timer off (the sweep can still be run on demand). */
  @IntSetting(0, 3_600_000)
  OFFICE_SWEEP_INTERVAL_MS: number = 60_000;

  /** How many labels of a grid path name the street (nj.gulou.btq → 3): the code's prefix and sequence. */
  @IntSetting(1, 10)
  OFFICE_STREET_DEPTH: number = 3;

  /** Timeout of `registry.grid.locate` at intake. */
  @IntSetting(50, 30_000)
  OFFICE_LOCATE_TIMEOUT_MS: number = 2000;

  /** 民情日志抽查: the share of a month's diaries the supervisor's draw checks (every grid head at least once). */
  @NumberSetting(0.01, 1)
  OFFICE_DIARY_CHECK_SHARE: number = 0.1;

  /** 双报告: hours a community has to take in (签收) a problem its grids reported before it is overdue. */
  @IntSetting(1, 24 * 30)
  OFFICE_DUAL_REPORT_HOURS: number = 24;

  /** The work calendar as JSON (WorkCalendarConfig, any subset); default: 08:30-12:00, 14:00-17:30, China's 2026 holidays. */
  @IsOptional()
  @IsString()
  OFFICE_WORK_CALENDAR?: string;

  override validateTogether(): string[] {
    const problems = super.validateTogether();
    try {
      this.workCalendar();
    } catch (e) {
      problems.push(`OFFICE_WORK_CALENDAR: ${(e as Error).message}`);
    }
    return problems;
  }

  workCalendar(): WorkCalendar {
    const cfg: Partial<WorkCalendarConfig> = this.OFFICE_WORK_CALENDAR ? JSON.parse(this.OFFICE_WORK_CALENDAR) : {};
    // The street's zone (STREET_TIME_ZONE) gives the offset unless the calendar names its own.
    return new WorkCalendar({ utcOffsetMinutes: new StreetCalendar(this.STREET_TIME_ZONE).offsetMinutes(), ...cfg });
  }
}

export const loadOfficeEnv = (env: Record<string, string | undefined> = process.env): OfficeEnv => loadConfig(OfficeEnv, env);
