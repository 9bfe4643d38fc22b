import { GetIncident, OfficeErrorCode, ReportIncident } from '@grid122/contracts';
import { demoStreet } from '@grid122/demo-street';
import { ServiceTest } from '@grid122/testing';
import { deskOf, scope, statusOf } from '../support/desk';

/**
 * 按地址定位 at intake (issue 23, item 2) through the office's contracts, the registry beside it on
 * the demo street: a 12345 call with only an address is placed at the registry's building when one
 * candidate is clear, else refused with the candidates and nothing saved, for the desk to pick one.
 * The registry's address search itself is tested in its folder (apps/grid-registry/test/grids.e2e-spec.ts),
 * the routes and Open311's address_string in the gateway's desk/addresses spec.
 */
export const addressesCases = (svc: () => ServiceTest) => describe('office: a report placed by its address', () => {
  const desk = deskOf(svc);
  const city = demoStreet();
  const gridOf = (id: string) => city.grids.find((g) => g.id === id)!;
  // A residential building of the street whose number is written 三 on the phone: "<compound>3栋".
  const building = city.buildings.find((b) => b.kind === 'residential' && /^[^\d]+3栋$/.test(b.name) && gridOf(b.gridId).path.startsWith(scope.streetPath))!;
  const compoundName = building.name.replace(/3栋$/, '');
  const count = async () => (await svc().ds.query(`SELECT count(*)::int AS n FROM office.incidents`))[0].n as number;

  it('places a 12345 call with just an address, and answers the candidates when the address is not clear', async () => {
    const call = await desk.report('commander', {
      source: 'hotline_12345',
      sourceRef: `12345-${Date.now()}`,
      title: '楼道堆放杂物堵塞消防通道',
      keyArea: 'production_safety',
      category: 'blocked_fire_lane',
      address: `鼓楼区${compoundName}3号楼2单元楼道`,
      reporter: { name: '王女士', phone: '13900001111' },
    });
    expect(call).toMatchObject({
      state: 'reported',
      gridId: building.gridId,
      gridPath: gridOf(building.gridId).path,
      location: { lng: building.point.coordinates[0], lat: building.point.coordinates[1] },
      address: `鼓楼区${compoundName}3号楼2单元楼道`,
    });
    expect((await svc().call(GetIncident, { id: call.id }, 'commander')).history![0].note).toContain(`按地址定位 placed by address: ${building.name}`);

    // The caller forgot which of the stem's compounds (宝东3栋: 宝东一村, 宝东二村 …): the candidates, nothing saved; the desk picks one.
    const stem = compoundName.slice(0, 2);
    expect(city.grids.filter((g) => g.level === 'compound' && g.name.startsWith(stem)).length).toBeGreaterThan(1);
    const before = await count();
    const body = { source: 'hotline_12345', title: '楼道灯不亮', keyArea: 'other', category: 'broken_streetlight', address: `${stem}3栋楼下` };
    const vague = await svc().refusal(ReportIncident, body, 'commander');
    expect([vague.code, statusOf(vague)]).toEqual([OfficeErrorCode.GridRequired, 422]);
    const details = vague.details as { field: string; normalised: string; candidates: { point: { lng: number; lat: number }; gridPath: string }[] };
    expect(details).toMatchObject({ field: 'address', normalised: `${stem}3栋` });
    expect(details.candidates.length).toBeGreaterThan(1);
    expect(await count()).toBe(before);
    const pick = details.candidates[1];
    expect(await desk.report('commander', { ...body, location: pick.point })).toMatchObject({ gridPath: pick.gridPath });

    const nowhere = await svc().refusal(ReportIncident, { source: 'hotline_12345', title: '噪音扰民', keyArea: 'other', category: 'exposed_rubbish', address: '火星基地七号' }, 'commander');
    expect([nowhere.code, nowhere.details]).toEqual([OfficeErrorCode.GridRequired, expect.objectContaining({ field: 'address', candidates: [] })]);
  });
});
