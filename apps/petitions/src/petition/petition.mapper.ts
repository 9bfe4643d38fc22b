import { KeyArea, PetitionChannel, PetitionerKind, PetitionMatter, PetitionOverdueKind, PetitionState, PetitionView } from '@grid122/contracts';
import { rowIso } from '@grid122/persistence';
import { IdentityService } from '../identity/identity.service';
import { PetitionRow } from './petition.repository';

/** Lists the fields that leave the service; identities always masked here. */
export function toPetitionView(r: PetitionRow, identity: IdentityService): PetitionView {
  return {
    id: r.id,
    ref: r.ref,
    channel: r.channel as PetitionChannel,
    petitionerKind: r.petitioner_kind as PetitionerKind,
    petitioner: identity.masked({ name: r.petitioner_name, idNumber: r.petitioner_id_number, phone: r.petitioner_phone }),
    headcount: r.headcount,
    collective: r.collective,
    matter: r.matter as PetitionMatter,
    summary: r.summary,
    keyArea: r.key_area as KeyArea,
    gridPath: r.grid_path,
    gridId: r.grid_id,
    state: r.state as PetitionState,
    owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
    receivedBy: r.received_by_id ? { id: r.received_by_id, name: r.received_by_name ?? '' } : null,
    receivedAt: rowIso(r.received_at)!,
    acceptDueAt: rowIso(r.accept_due_at)!,
    acceptedAt: rowIso(r.accepted_at),
    replyDueAt: rowIso(r.reply_due_at),
    extendedDays: r.extended_days,
    extensionReason: r.extension_reason,
    repliedAt: rowIso(r.replied_at),
    reply: r.reply,
    replyOnTime: r.reply_on_time,
    closedAt: rowIso(r.closed_at),
    decisionNote: r.decision_note,
    repeatOfId: r.repeat_of_id,
    repeatCount: r.repeat_count,
    incidentId: r.incident_id,
    overdue: (r.overdue as PetitionOverdueKind) ?? null,
  };
}
