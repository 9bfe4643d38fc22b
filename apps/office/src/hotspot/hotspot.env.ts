import { IntSetting, NumberSetting, loadConfig } from '@grid122/config';

/** Configuration of recurrence, hotspots and spikes (issue 26, docs/hotspots.md), validated at boot. */
export class HotspotEnv {
  /** "Same place": a new report of the same category within this many metres of a closed one … */
  @IntSetting(1, 2000)
  RECURRENCE_RADIUS_M: number = 50;

  /** … closed at most this many days before (older closures are not looked at, and are pruned). */
  @IntSetting(1, 3650)
  RECURRENCE_WINDOW_DAYS: number = 365;

  /** The "back within N days" figure (30天复发率). */
  @IntSetting(1, 365)
  RECURRENCE_QUICK_DAYS: number = 30;

  /** Spikes: the baseline is the same weekday over this many previous weeks. */
  @IntSetting(2, 52)
  SPIKE_BASELINE_WEEKS: number = 8;

  /** Spikes: raised when P(X ≥ observed | Poisson(expected)) is below this (the false-alarm rate per place, category and day). */
  @NumberSetting(1e-9, 0.1)
  SPIKE_ALPHA: number = 0.001;

  /** Spikes: never for fewer reports than this in the day. */
  @IntSetting(1, 1000)
  SPIKE_MIN_COUNT: number = 3;

  /** Spikes: the expected count is never taken below this (a quiet history is not "zero expected"). */
  @NumberSetting(0.01, 10)
  SPIKE_MIN_EXPECTED: number = 0.2;

  /** How long the office keeps the registry's neighbour lists (grids change rarely). */
  @IntSetting(0, 86_400_000)
  HOTSPOT_NEIGHBOUR_CACHE_MS: number = 600_000;

  /** Timeout of `registry.grid.neighbours`. */
  @IntSetting(100, 60_000)
  HOTSPOT_NEIGHBOUR_TIMEOUT_MS: number = 10_000;
}

export const loadHotspotEnv = (env: Record<string, string | undefined> = process.env): HotspotEnv => loadConfig(HotspotEnv, env);
