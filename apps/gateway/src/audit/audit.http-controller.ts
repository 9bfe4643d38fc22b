import { QueryAudit, Role, VerifyAudit } from '@grid122/contracts';
import { get, httpController, only } from '../routing/routes';

/** The audit log (审计日志) in the identity service: the auditor's alone (三员分立); every read and check is itself audited there. */
export const AuditHttpController = httpController('AuditHttpController', { path: 'api/v1/audit', tag: 'audit' }, [
  get('', QueryAudit, only(Role.Auditor), 'query', { clientIp: 'ip', summary: 'The audit log (审计日志): logins, refused authorisations, reveals, exports, admin actions. Auditor only (三员分立).' }),
  get('verify', VerifyAudit, only(Role.Auditor), 'verify', { clientIp: 'ip', input: 'none', summary: 'Verify the hash chain of the audit log (审计日志完整性校验): the first broken link, if any. Auditor only; audited.' }),
]);
