import { Injectable } from '@nestjs/common';
import { Actor, ListOpen311Requests, Open311Incident } from '@grid122/contracts';
import { rowPoint } from '@grid122/persistence';
import { IncidentClockService } from '../incident-clock.service';
import { Open311Row, Open311RequestsRepository } from './open311-requests.repository';

const iso = (d: unknown): string | null => (d == null ? null : new Date(d as string).toISOString());

/** Open311's `GET requests` (and `requests?service_request_id=…`) answered from one statement. */
@Injectable()
export class Open311RequestsService {
  constructor(
    private readonly repo: Open311RequestsRepository,
    private readonly clock: IncidentClockService,
  ) {}

  async list(actor: Actor, req: ListOpen311Requests.Request): Promise<ListOpen311Requests.Reply> {
    const [rows, cats] = await Promise.all([this.repo.list(actor, req, new Date()), this.clock.categories()]);
    const item = (r: Open311Row, p: string): Open311Incident => ({
      id: r[`${p}id`] as string,
      code: r[`${p}code`] as string,
      state: r[`${p}state`] as Open311Incident['state'],
      closureType: r[`${p}closure_type`] as Open311Incident['closureType'],
      category: r[`${p}category`] as string,
      categoryName: cats.get(r[`${p}category`] as string)?.name ?? (r[`${p}category`] as string),
      description: r[`${p}description`] as string | null,
      address: r[`${p}address`] as string | null,
      location: rowPoint(r[`${p}lng`], r[`${p}lat`]),
      reportedAt: iso(r[`${p}reported_at`])!,
      updatedAt: iso(r[`${p}updated_at`])!,
      deadline: iso(r[`${p}deadline`]),
      unit: r[`${p}unit`] as Open311Incident['unit'],
      leadUnit: r[`${p}lead_unit`] as Open311Incident['leadUnit'],
      departmentId: r[`${p}department_id`] as string | null,
      duplicateOfId: r[`${p}duplicate_of`] as string | null,
      completionReply: r[`${p}completion_reply`] as string | null,
      result: r[`${p}result`] as string | null,
      notResponsibleParty: r[`${p}responsible_party`] as string | null,
      lastNote: r[`${p}last_note`] as string | null,
    });
    return { items: rows.map((r) => ({ ...item(r, ''), original: r.o_id ? item(r, 'o_') : null })) };
  }
}
