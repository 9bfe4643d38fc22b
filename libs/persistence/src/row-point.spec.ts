import { pointColumns, rowPoint } from './row-point';

describe(rowPoint.name, () => {
  it('reads a row\'s lng and lat, as numbers (float8) or strings (numeric), as a point', () => {
    expect(rowPoint(118.7968, 32.0603)).toEqual({ lng: 118.7968, lat: 32.0603 });
    expect(rowPoint('118.7968123', '32.0603456')).toEqual({ lng: 118.7968123, lat: 32.0603456 });
    expect(rowPoint(0, 0)).toEqual({ lng: 0, lat: 0 });
  });

  it('answers null for a row without a location (either column NULL)', () => {
    expect(rowPoint(null, null)).toBeNull();
    expect(rowPoint(118.8, null)).toBeNull();
    expect(rowPoint(null, 32.1)).toBeNull();
    expect(rowPoint(undefined, undefined)).toBeNull();
  });
});

describe(pointColumns.name, () => {
  it('selects a point expression\'s longitude as lng and latitude as lat', () => {
    expect(pointColumns('c.point')).toBe('ST_X(c.point) AS lng, ST_Y(c.point) AS lat');
    expect(pointColumns('i.location::geometry')).toBe('ST_X(i.location::geometry) AS lng, ST_Y(i.location::geometry) AS lat');
  });

  it('puts a prefix before both names (two rows\' points in one select list)', () => {
    expect(pointColumns('d.location::geometry', 'dup_')).toBe('ST_X(d.location::geometry) AS dup_lng, ST_Y(d.location::geometry) AS dup_lat');
  });
});
