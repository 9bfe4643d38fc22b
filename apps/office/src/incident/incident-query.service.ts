import { Injectable } from '@nestjs/common';
import { Actor, GetIncident, GetIncidents, IncidentView, ListIncidents } from '@grid122/contracts';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { PiiCipher } from '@grid122/privacy';
import { EntityManager } from 'typeorm';
import { JointDispatchService } from '../joint/joint-dispatch.service';
import { UrgingRepository } from '../supervision/urging.repository';
import { isVisible, visibleOr404 } from './incident-access';
import { IncidentClockService } from './incident-clock.service';
import { IncidentMapper } from './incident.mapper';
import { IncidentRepository } from './incident.repository';
import { IncidentRow } from './incident.row';

/** The ledger's reads: one incident with its history, parties (联合派遣) and urgings; several by id; the scoped list, keyset-paged. */
@Injectable()
export class IncidentQueryService {
  private readonly mapper: IncidentMapper;

  constructor(
    private readonly repo: IncidentRepository,
    private readonly clock: IncidentClockService,
    private readonly pii: PiiCipher,
    private readonly joint: JointDispatchService,
    private readonly urgings: UrgingRepository,
  ) {
    this.mapper = new IncidentMapper(clock, pii);
  }

  async get(actor: Actor, req: GetIncident.Request): Promise<IncidentView> {
    return this.detail(actor, visibleOr404(actor, await this.repo.get(req.id), req.id));
  }

  /** One incident's full view (history, parties, urgings) for an account; inside a transaction (`m`) it reads what that transaction wrote. */
  async detail(actor: Actor, row: IncidentRow, m?: EntityManager): Promise<IncidentView> {
    const view = this.mapper.toView(row, await this.clock.category(row.category), new Date(), actor, await this.repo.history(row.id, m));
    return { ...view, parties: await this.joint.parties(row.id, m), urgings: await this.urgings.of(row.id, m) };
  }

  /** Several incidents with their history (no joint-dispatch parties): rows and histories in one statement each. */
  async getMany(actor: Actor, req: GetIncidents.Request): Promise<GetIncidents.Reply> {
    const rows = (await this.repo.getMany([...new Set(req.ids)])).filter((r) => isVisible(actor, r));
    if (rows.length === 0) return { items: [] };
    const [cats, histories] = await Promise.all([this.clock.categories(), this.repo.histories(rows.map((r) => r.id))]);
    const now = new Date();
    return { items: rows.map((r) => this.mapper.toView(r, cats.get(r.category), now, actor, histories.get(r.id) ?? [])) };
  }

  async list(actor: Actor, req: ListIncidents.Request): Promise<ListIncidents.Reply> {
    const limit = req.limit ?? 50;
    const after = req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null;
    const now = new Date();
    const rows = await this.repo.list(actor, req, after && { at: after[0], id: after[1] }, limit + 1, now);
    const cats = await this.clock.categories();
    return keysetPage(rows, limit, (r) => this.mapper.toView(r, cats.get(r.category), now, actor), (r) => [r.ck, r.id]);
  }
}
