import { Actor, HubFiguresRequest, Role } from '@grid122/contracts';
import { AppError } from './app-error';
import { hubPart } from './hub-part';

const actor: Actor = { id: 'a', username: 'commander', role: Role.StreetCommander, scope: 'nj.gulou.btq' };
const req = (scope: string, byStreet?: boolean): HubFiguresRequest => ({ scope, from: '2026-11-01T00:00:00Z', to: '2026-12-01T00:00:00Z', byStreet });

describe(hubPart.name, () => {
  it("refuses a scope outside the caller's own (403) and reads nothing", async () => {
    const figures = jest.fn(async () => ({ open: 1 }));
    await expect(hubPart(req('nj.gulou'), actor, figures)).rejects.toBeInstanceOf(AppError);
    expect(figures).not.toHaveBeenCalled();
  });

  it('answers the figures, the streets only when asked', async () => {
    const streets = jest.fn(async () => [{ path: 'nj.gulou.btq', figures: { open: 1 } }]);
    const plain = await hubPart(req('nj.gulou.btq.c01'), actor, async () => ({ open: 1 }), streets);
    expect(plain.figures).toEqual({ open: 1 });
    expect(plain.streets).toBeUndefined();
    expect(streets).not.toHaveBeenCalled();
    expect(Date.parse(plain.computedAt)).not.toBeNaN();
    const rolled = await hubPart(req('nj.gulou.btq', true), actor, async () => ({ open: 2 }), streets);
    expect(rolled.streets).toEqual([{ path: 'nj.gulou.btq', figures: { open: 1 } }]);
  });
});
