import {
  DISTRICT_EVENT_STREAM,
  FEDERATION_STREET_EVENT_STREAM,
  FEDERATION_UP_FILTER,
  FederationMode,
} from '@grid122/contracts';

/** A member of this level: a street under a district (a district under a city). */
export interface FederationMember {
  label: string;
  gridPath: string;
  domain: string;
}

/** `FEDERATION_STREETS` (validated by GatewayEnv): `<label>:<grid path>[:<domain>]`, comma-separated. */
export function parseMembers(spec: string): FederationMember[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [label, gridPath, domain] = item.split(':');
      return { label, gridPath, domain: domain || label };
    });
}

/**
 * The level's streams: a district sources each street's GRID122_EVENTS into DISTRICT_EVENTS; a city
 * sources each district's DISTRICT_EVENTS into CITY_EVENTS (the same incident events, one level up).
 */
export function upwardStreams(mode: FederationMode): { own: string; below: string; filter: string } {
  return mode === FederationMode.City
    ? { own: 'CITY_EVENTS', below: DISTRICT_EVENT_STREAM, filter: FEDERATION_UP_FILTER }
    : { own: DISTRICT_EVENT_STREAM, below: FEDERATION_STREET_EVENT_STREAM, filter: FEDERATION_UP_FILTER };
}

/** The member a grid path belongs to (longest matching path), or null. */
export function memberOf(members: FederationMember[], gridPath: string): FederationMember | null {
  let best: FederationMember | null = null;
  for (const m of members) {
    if ((gridPath === m.gridPath || gridPath.startsWith(`${m.gridPath}.`)) && (!best || m.gridPath.length > best.gridPath.length)) best = m;
  }
  return best;
}
