import { Injectable } from '@nestjs/common';
import { Actor, RevealIncidentReporter, Role } from '@grid122/contracts';
import { AppError, messageController } from '@grid122/messaging';
import { PiiCipher } from '@grid122/privacy';
import { IncidentRepository } from './incident.repository';
import { visibleOr404 } from './incident-access';
import { IncidentRow } from './incident.row';

/**
 * Who may see a reporter in full, to call them back: the street command, and the unit or the
 * department liaison working the case. Never the system admin, the auditor or the security admin
 * (三员分立), whatever they may otherwise read; everyone else sees 138****5678 and 王**.
 */
export function mayRevealReporter(actor: Actor, row: IncidentRow): boolean {
  if (actor.role === Role.StreetCommander) return true;
  if (actor.role === Role.UnitMember) return !!actor.unit && (row.unit === actor.unit || row.lead_unit === actor.unit);
  if (actor.role === Role.DepartmentLiaison) return !!actor.departmentId && (row.department_id === actor.departmentId || row.lead_department_id === actor.departmentId);
  return false;
}

@Injectable()
export class ReporterRevealService {
  constructor(
    private readonly repo: IncidentRepository,
    private readonly pii: PiiCipher,
  ) {}

  async reveal(actor: Actor, req: RevealIncidentReporter.Request): Promise<RevealIncidentReporter.Reply> {
    const row = visibleOr404(actor, await this.repo.get(req.id), req.id);
    if (!mayRevealReporter(actor, row)) throw AppError.forbidden('Reporters are shown in full only to the street command and the unit working the case, through an audited reveal');
    return { id: row.id, code: row.code, reporter: { name: this.pii.open(row.reporter_name), phone: row.reporter_phone ? this.pii.decrypt(row.reporter_phone) : null } };
  }
}

export const ReporterRevealMessageController = messageController('ReporterRevealMessageController', { service: ReporterRevealService }, (on) => [
  on(RevealIncidentReporter, (s, req, a) => s.service.reveal(a, req)),
]);
