import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA, ROUTE_ARGS_METADATA } from '@nestjs/common/constants';
import { RequestMethod } from '@nestjs/common';
import { AcknowledgeUrging, ListCategories, Role, UrgeIncident } from '@grid122/contracts';
import { CloseOrganisationTask, HandleOrganisationTask } from '@grid122/contracts/registry';
import { ONLY_ROLES, ROLES } from '../auth/auth.decorators';
import { commands, get, httpController, only, post, uuid } from './routes';

const fields = (C: unknown) => [...new Set(getMetadataStorage().getTargetValidationMetadatas(C as never, '', true, false).map((m) => m.propertyName))].sort();

describe('route table', () => {
  const Ctl = httpController('TestHttpController', { path: 'api/v1', tag: 'test' }, [
    post('incidents/:id/urge', UrgeIncident, [Role.StreetCommander], 'urge', { status: 200, params: { id: { field: 'incidentId', uuid: true } } }),
    post('incidents/:id/urgings/:urgingId/acknowledge', AcknowledgeUrging, only(Role.UnitMember), 'ack', { params: { id: 'incidentId', urgingId: uuid } }),
    get('categories', ListCategories, [Role.StreetCommander], 'categories'),
  ]);
  const h = (name: string) => Ctl.prototype[name];
  const args = (name: string) => Object.values<{ index: number; data?: string; pipes: unknown[] }>(Reflect.getMetadata(ROUTE_ARGS_METADATA, Ctl, name)).sort((a, b) => a.index - b.index);

  it('makes Nest routes with their path, method, status and roles', () => {
    expect(Ctl.name).toBe('TestHttpController');
    expect(Reflect.getMetadata(PATH_METADATA, Ctl)).toBe('api/v1');
    expect([Reflect.getMetadata(PATH_METADATA, h('urge')), Reflect.getMetadata(METHOD_METADATA, h('urge')), Reflect.getMetadata(HTTP_CODE_METADATA, h('urge'))]).toEqual(['incidents/:id/urge', RequestMethod.POST, 200]);
    expect(Reflect.getMetadata(ROLES, h('urge'))).toEqual([Role.StreetCommander]);
    expect(Reflect.getMetadata(ONLY_ROLES, h('ack'))).toEqual([Role.UnitMember]);
    expect(Reflect.getMetadata(ROLES, h('ack'))).toBeUndefined();
  });

  it('validates the body with the contract’s request class less the fields the path fills in, named after the subject', () => {
    const types = Reflect.getMetadata('design:paramtypes', Ctl.prototype, 'ack') as { name: string }[];
    const body = types[types.length - 1];
    expect(body.name).toBe('OfficeIncidentUrgingAcknowledgeBody');
    expect(fields(body)).toEqual(fields(AcknowledgeUrging.Request).filter((f) => f !== 'incidentId' && f !== 'urgingId'));
    expect(args('ack').map((a) => a.data)).toEqual([undefined, 'id', 'urgingId', undefined]);
    expect(args('ack')[2].pipes).toHaveLength(1); // urgingId is checked as a UUID
    expect(args('ack')[1].pipes).toHaveLength(0);
  });

  it('reads no query when nothing of the request is left to fill', () => {
    expect(args('categories')).toHaveLength(1); // the caller only
  });

  it('answers with rpc.call(contract, request, actor): path parameters into their fields', async () => {
    const calls: unknown[][] = [];
    const ctl = new Ctl({ call: async (...a: unknown[]) => (calls.push(a), { ok: true }) });
    const actor = { id: 'a' };
    await expect(ctl.ack(actor, 'i-1', 'u-1', { note: 'x' })).resolves.toEqual({ ok: true });
    expect(calls[0]).toEqual([AcknowledgeUrging, { note: 'x', incidentId: 'i-1', urgingId: 'u-1' }, actor, { timeoutMs: undefined }]);
  });

  it("makes an item's commands POST :id/<verb>, answered 200, each handler named its verb, with the group's options", () => {
    const Tasks = httpController('TasksHttpController', { path: 'api/v1/tasks', tag: 'test' }, [
      ...commands([Role.UnitMember], { handle: HandleOrganisationTask, close: CloseOrganisationTask }, { params: { id: uuid } }),
    ]);
    for (const verb of ['handle', 'close']) {
      const m = Tasks.prototype[verb];
      expect([Reflect.getMetadata(PATH_METADATA, m), Reflect.getMetadata(METHOD_METADATA, m), Reflect.getMetadata(HTTP_CODE_METADATA, m)]).toEqual([`:id/${verb}`, RequestMethod.POST, 200]);
      expect(Reflect.getMetadata(ROLES, m)).toEqual([Role.UnitMember]);
    }
    const idArg = Object.values<{ index: number; data?: string; pipes: unknown[] }>(Reflect.getMetadata(ROUTE_ARGS_METADATA, Tasks, 'close')).find((a) => a.data === 'id')!;
    expect(idArg.pipes).toHaveLength(1); // the group's params: the id checked as a UUID
    expect(commands([Role.Admin], { close: CloseOrganisationTask }, { status: 202 })[0].status).toBe(202);
  });

  it('refuses a handler named twice', () => {
    expect(() => httpController('X', { path: 'x', tag: 'x' }, [get('a', ListCategories, [Role.Admin], 'a'), get('b', ListCategories, [Role.Admin], 'a')])).toThrow(/X\.a is declared twice/);
  });
});
