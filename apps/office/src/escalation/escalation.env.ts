import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { IntSetting, loadConfig } from '@grid122/config';

/**
 * Configuration of the outbound escalation webhook (上报区级平台), validated at boot like every env
 * class. Without a URL the capability records nothing: the JetStream event `evt.office.incident.escalated`
 * remains the link for a district platform on the same NATS.
 */
export class EscalationEnv {
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'ESCALATION_WEBHOOK_URL must be an http(s) URL' })
  ESCALATION_WEBHOOK_URL?: string;

  /** HMAC-SHA256 key of the signature; required with a URL. */
  @IsOptional()
  @IsString()
  @MinLength(16)
  ESCALATION_WEBHOOK_SECRET?: string;

  /** Attempts before a delivery is dead-lettered. */
  @IntSetting(1, 50)
  ESCALATION_WEBHOOK_MAX_ATTEMPTS: number = 8;

  /** First retry delay; doubled at each attempt, capped at one hour. */
  @IntSetting(10, 3_600_000)
  ESCALATION_WEBHOOK_BACKOFF_MS: number = 5_000;

  @IntSetting(100, 60_000)
  ESCALATION_WEBHOOK_TIMEOUT_MS: number = 5_000;

  /** How often the sender looks for due deliveries; 0 turns the timer off (tests drive it). */
  @IntSetting(0, 60_000)
  ESCALATION_POLL_MS: number = 1_000;

  validateTogether(): string[] {
    return this.ESCALATION_WEBHOOK_URL && !this.ESCALATION_WEBHOOK_SECRET ? ['ESCALATION_WEBHOOK_SECRET: required with ESCALATION_WEBHOOK_URL'] : [];
  }
}

export const loadEscalationEnv = (env: Record<string, string | undefined> = process.env): EscalationEnv => loadConfig(EscalationEnv, env);
