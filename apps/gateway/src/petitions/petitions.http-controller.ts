import type { FastifyReply } from 'fastify';
import { PetitionsFileReply } from '@grid122/contracts';
import * as C from '@grid122/contracts/petitions';
import { commands, download, get, httpController, only, post } from '../routing/routes';
import { AUDIT_ROLES, COMMAND_ROLES, GRID_WORK_ROLES, MANAGE_ROLES, READ_ROLES } from './petitions.roles';

const ok = { status: 200 };
/** The system admin may not reveal identities (三员分立). */
const REVEAL = only(...MANAGE_ROLES);

/** 信访: `/api/v1/petitions`. */
export const PetitionsHttpController = httpController('PetitionsHttpController', { path: 'api/v1/petitions', tag: 'petitions' }, [
  post('', C.RegisterPetition, MANAGE_ROLES, 'register'),
  get('', C.ListPetitions, READ_ROLES, 'list'),
  /** 超期: past the acceptance or reply limit. */
  get('overdue', C.ListOverduePetitions, READ_ROLES, 'overdue'),
  /** The group's figures: 双下降, repeat rate, on-time replies, disputes, follow-ups. */
  get('figures', C.GetPetitionsFigures, READ_ROLES, 'figures'),
  /** Who revealed or exported identities, why and when. */
  get('identity-audit', C.ListIdentityAudit, AUDIT_ROLES, 'identityAudit'),
  get(':id', C.GetPetition, READ_ROLES, 'get'),
  ...commands(MANAGE_ROLES, {
    accept: C.AcceptPetition,
    reject: C.RejectPetition,
    extend: C.ExtendPetition,
    reply: C.ReplyPetition,
    close: C.ClosePetition,
    handover: C.HandoverPetition,
    return: C.ReturnPetition,
  }),
  /** The petitioner's identity in plain, with a reason written to the audit. */
  post(':id/reveal', C.RevealPetition, REVEAL, 'reveal', ok),
]);

/** 三层接访 (topic, appointment, home visit): `/api/v1/receptions`. */
export const ReceptionsHttpController = httpController('ReceptionsHttpController', { path: 'api/v1/receptions', tag: 'receptions' }, [
  post('', C.ScheduleReception, MANAGE_ROLES, 'schedule'),
  get('', C.ListReceptions, READ_ROLES, 'list'),
  get(':id', C.GetReception, READ_ROLES, 'get'),
  ...commands(MANAGE_ROLES, { publish: C.PublishReception, cancel: C.CancelReception }),
  /** 预约: a petition takes a slot; a taken slot answers 409 PETITIONS_SLOT_TAKEN. */
  post(':id/slots/:slotId/book', C.BookReceptionSlot, MANAGE_ROLES, 'book', ok),
  post(':id/slots/:slotId/record', C.RecordSlotOutcome, MANAGE_ROLES, 'recordSlot', ok),
  post(':id/record', C.RecordReception, MANAGE_ROLES, 'record', ok),
]);

/** 矛盾纠纷: `/api/v1/disputes`. */
export const DisputesHttpController = httpController('DisputesHttpController', { path: 'api/v1/disputes', tag: 'disputes' }, [
  post('', C.OpenDispute, GRID_WORK_ROLES, 'open'),
  get('', C.ListDisputes, READ_ROLES, 'list'),
  get(':id', C.GetDispute, READ_ROLES, 'get'),
  post(':id/parties', C.AddDisputeParty, GRID_WORK_ROLES, 'addParty'),
  /** A mediation session; `agreement` or `failed` records the outcome. */
  post(':id/sessions', C.RecordMediationSession, GRID_WORK_ROLES, 'session'),
  post(':id/close', C.CloseDispute, GRID_WORK_ROLES, 'close', ok),
  post(':id/return', C.ReturnDispute, MANAGE_ROLES, 'return', ok),
  post(':id/reveal', C.RevealDispute, REVEAL, 'reveal', ok),
]);

/** 特殊人群: `/api/v1/special-populations`. */
export const SpecialPopulationsHttpController = httpController('SpecialPopulationsHttpController', { path: 'api/v1/special-populations', tag: 'special-populations' }, [
  get('categories', C.ListPopulationCategories, READ_ROLES, 'categories'),
  post('categories', C.DefinePopulationCategory, COMMAND_ROLES, 'defineCategory'),
  post('', C.RegisterSpecialPerson, MANAGE_ROLES, 'register'),
  get('', C.ListSpecialPeople, READ_ROLES, 'list'),
  /** People overdue for a follow-up visit (a warning over their grid tightens the interval). */
  get('overdue', C.ListSpecialPeople, READ_ROLES, 'overdue', { fixed: { overdue: true } }),
  /** XLSX with identities: needs a reason, is audited and watermarked with the exporter. */
  post('export', C.ExportSpecialPeople, MANAGE_ROLES, 'export', { ...ok, timeoutMs: 30_000, send: toDownload }),
  get(':id', C.GetSpecialPerson, READ_ROLES, 'get'),
  post(':id/risk', C.UpdateSpecialPersonRisk, MANAGE_ROLES, 'risk', ok),
  /** 走访: a follow-up visit by the grid worker. */
  post(':id/follow-ups', C.RecordFollowUp, GRID_WORK_ROLES, 'followUp'),
  post(':id/reveal', C.RevealSpecialPerson, REVEAL, 'reveal', ok),
]);

/** 流动人口, registered to buildings: `/api/v1/floating-population`. */
export const FloatingPopulationHttpController = httpController('FloatingPopulationHttpController', { path: 'api/v1/floating-population', tag: 'floating-population' }, [
  post('', C.RegisterFloatingPerson, GRID_WORK_ROLES, 'register'),
  get('', C.ListFloatingPeople, READ_ROLES, 'list'),
  post('export', C.ExportFloatingPeople, MANAGE_ROLES, 'export', { ...ok, timeoutMs: 30_000, send: toDownload }),
  post(':id/leave', C.FloatingPersonLeft, GRID_WORK_ROLES, 'leave', ok),
  post(':id/reveal', C.RevealFloatingPerson, REVEAL, 'reveal', ok),
]);

/** 四级预警: `/api/v1/stability-warnings`. */
export const StabilityWarningsHttpController = httpController('StabilityWarningsHttpController', { path: 'api/v1/stability-warnings', tag: 'stability-warnings' }, [
  post('', C.IssueWarning, COMMAND_ROLES, 'issue'),
  get('', C.ListWarnings, READ_ROLES, 'list'),
  /** Warnings in force over the caller's grids, highest level first, with what is left to acknowledge. */
  get('current', C.CurrentWarnings, READ_ROLES, 'current'),
  get(':id', C.GetWarning, READ_ROLES, 'get'),
  get(':id/unacknowledged', C.ListUnacknowledged, READ_ROLES, 'unacknowledged'),
  /** 签收 by a grid under the warning. */
  post(':id/acknowledge', C.AcknowledgeWarning, GRID_WORK_ROLES, 'acknowledge', ok),
  post(':id/lift', C.LiftWarning, COMMAND_ROLES, 'lift', ok),
]);

/** 维稳工作例会 (weekly): `/api/v1/stability-meetings`. */
export const StabilityMeetingsHttpController = httpController('StabilityMeetingsHttpController', { path: 'api/v1/stability-meetings', tag: 'stability-meetings' }, [
  post('', C.RecordMeeting, MANAGE_ROLES, 'record'),
  get('', C.ListMeetings, READ_ROLES, 'list'),
  get(':id', C.GetMeeting, READ_ROLES, 'get'),
]);

/** A service's base64 file as a download (XLSX exports). */
function toDownload(f: PetitionsFileReply, res: FastifyReply): Buffer {
  return download(res, f.contentType, f.filename, f.base64);
}
