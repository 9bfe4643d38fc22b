import { IsInt, IsNumber, Max, Min } from 'class-validator';
import { loadConfig } from '@grid122/config';

/** Configuration of recurrence, hotspots and spikes (issue 26, docs/hotspots.md), validated at boot. */
export class HotspotEnv {
  /** "Same place": a new report of the same category within this many metres of a closed one … */
  @IsInt()
  @Min(1)
  @Max(2000)
  RECURRENCE_RADIUS_M: number = 50;

  /** … closed at most this many days before (older closures are not looked at, and are pruned). */
  @IsInt()
  @Min(1)
  @Max(3650)
  RECURRENCE_WINDOW_DAYS: number = 365;

  /** The "back within N days" figure (30天复发率). */
  @IsInt()
  @Min(1)
  @Max(365)
  RECURRENCE_QUICK_DAYS: number = 30;

  /** Spikes: the baseline is the same weekday over this many previous weeks. */
  @IsInt()
  @Min(2)
  @Max(52)
  SPIKE_BASELINE_WEEKS: number = 8;

  /** Spikes: raised when P(X ≥ observed | Poisson(expected)) is below this (the false-alarm rate per place, category and day). */
  @IsNumber()
  @Min(1e-9)
  @Max(0.1)
  SPIKE_ALPHA: number = 0.001;

  /** Spikes: never for fewer reports than this in the day. */
  @IsInt()
  @Min(1)
  @Max(1000)
  SPIKE_MIN_COUNT: number = 3;

  /** Spikes: the expected count is never taken below this (a quiet history is not "zero expected"). */
  @IsNumber()
  @Min(0.01)
  @Max(10)
  SPIKE_MIN_EXPECTED: number = 0.2;

  /** How long the office keeps the registry's neighbour lists (grids change rarely). */
  @IsInt()
  @Min(0)
  @Max(86_400_000)
  HOTSPOT_NEIGHBOUR_CACHE_MS: number = 600_000;

  /** Timeout of `registry.grid.neighbours`. */
  @IsInt()
  @Min(100)
  @Max(60_000)
  HOTSPOT_NEIGHBOUR_TIMEOUT_MS: number = 10_000;
}

export const loadHotspotEnv = (env: Record<string, string | undefined> = process.env): HotspotEnv => loadConfig(HotspotEnv, env);
