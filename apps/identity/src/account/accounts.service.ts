import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AccountListQuery, AccountView, Actor, ADMIN_DUTY_ROLES, ChangeAccount, CommonErrorCode, CreateAccount, DisableAccount, FieldError, GatewayErrorCode, MANAGED_ROLES, ResetPassword, Role, Unit,
} from '@grid122/contracts';
import { AppError, IdempotencyStore } from '@grid122/messaging';
import { AuditService } from '../audit/audit.service';
import { PasswordHasher } from './password-hasher';
import { SessionRepository } from './session.repository';

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  role: Role;
  unit: Unit | null;
  department_id: string | null;
  scope: string;
  disabled: boolean;
  locked_until: Date | null;
  created_at: Date;
}

const COLUMNS = `id, username, display_name, role, unit, department_id, scope, disabled, locked_until, created_at`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The system administrator's accounts API (账号管理, 系统管理员). Every change is written to the
 * audit log in the change's own transaction: if the audit row cannot be written, nothing changes.
 *
 * Separation of duties (三员分立): the admin manages business accounts only. An account that holds
 * or would get an administrator role (admin, security_admin, auditor), the admin's own account
 * included, is refused with 403 SEPARATION_OF_DUTIES (and the refusal audited): the admin can
 * neither make himself (or a stooge) auditor or security admin, nor reset the auditor's or the
 * security admin's password to act as them, nor disable them. Those accounts are provisioned by the
 * deployment (ADMIN_PASSWORD, SECURITY_ADMIN_PASSWORD, AUDITOR_PASSWORD), never through this API.
 */
@Injectable()
export class AccountsService {
  private readonly idempotency: IdempotencyStore;

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly audit: AuditService,
    private readonly hasher: PasswordHasher,
    private readonly sessions: SessionRepository,
  ) {
    this.idempotency = new IdempotencyStore(ds, 'identity');
  }

  async list(q: AccountListQuery): Promise<{ items: AccountView[] }> {
    const rows: AccountRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM identity.accounts WHERE ($1::text IS NULL OR role = $1) ORDER BY username LIMIT $2`,
      [q.role ?? null, q.limit ?? 100],
    );
    return { items: rows.map(toDto) };
  }

  async get(id: string): Promise<AccountView> {
    return toDto(await this.find(this.ds.manager, id));
  }

  /** An Idempotency-Key of the create, change, disable and enable travels as the header (the services' IdempotencyInterceptor). */
  async create(actor: Actor, body: CreateAccount.Request): Promise<AccountView> {
    const ip = body.ip;
    {
      await this.assertManaged(actor, 'account.create', body.username, [body.role], ip);
      const { unit, departmentId } = checkUnitAndDepartment(body.role, body.unit ?? null, body.departmentId ?? null);
      const hash = await this.hasher.hash(body.password);
      return this.ds.transaction(async (m) => {
        const rows: AccountRow[] = await m.query(
          `INSERT INTO identity.accounts (username, display_name, password_hash, role, unit, department_id, scope)
           VALUES ($1,$2,$3,$4,$5,$6,$7) ON CONFLICT (username) DO NOTHING RETURNING ${COLUMNS}`,
          [body.username, body.displayName, hash, body.role, unit, departmentId, body.scope],
        );
        if (!rows.length) throw new AppError(CommonErrorCode.Conflict, `Account ${body.username} already exists`, { field: 'username' });
        await this.audit.record(
          { actorId: actor.id, actorName: actor.username, action: 'account.create', target: body.username, result: 'ok', ip, details: { id: rows[0].id, role: body.role, scope: body.scope, unit, departmentId } }, m);
        return toDto(rows[0]);
      });
    }
  }

  change(actor: Actor, body: ChangeAccount.Request): Promise<AccountView> {
    const { id, ip } = body;
    return this.ds.transaction(async (m) => {
        const before = await this.find(m, id, true);
        const role = body.role ?? before.role;
        await this.assertManaged(actor, 'account.change', before.username, [before.role, role], ip, before.id);
        const roleChanged = role !== before.role;
        const { unit, departmentId } = checkUnitAndDepartment(
          role,
          body.unit !== undefined ? body.unit : roleChanged ? null : before.unit,
          body.departmentId !== undefined ? body.departmentId : roleChanged ? null : before.department_id,
        );
        const after = { role, scope: body.scope ?? before.scope, unit, departmentId, displayName: body.displayName ?? before.display_name };
        const rows = updated(await m.query(
          `UPDATE identity.accounts SET role = $2, scope = $3, unit = $4, department_id = $5, display_name = $6 WHERE id = $1 RETURNING ${COLUMNS}`,
          [id, after.role, after.scope, after.unit, after.departmentId, after.displayName],
        ));
        await this.audit.record(
          {
            actorId: actor.id,
            actorName: actor.username,
            action: 'account.change',
            target: before.username,
            result: 'ok',
            ip,
            details: { id, before: { role: before.role, scope: before.scope, unit: before.unit, departmentId: before.department_id, displayName: before.display_name }, after },
          }, m);
        return toDto(rows[0]);
    });
  }

  setDisabled(actor: Actor, body: DisableAccount.Request, disabled: boolean): Promise<AccountView> {
    const { id, ip } = body;
    const action = disabled ? 'account.disable' : 'account.enable';
    return this.ds.transaction(async (m) => {
        const before = await this.find(m, id, true);
        await this.assertManaged(actor, action, before.username, [before.role], ip, before.id);
        const rows = updated(await m.query(`UPDATE identity.accounts SET disabled = $2 WHERE id = $1 RETURNING ${COLUMNS}`, [id, disabled]));
        if (disabled) await this.sessions.revokeAll(m, id);
        await this.audit.record({ actorId: actor.id, actorName: actor.username, action, target: before.username, result: 'ok', ip, details: { id, ...(body.reason ? { reason: body.reason } : {}) } }, m);
        return toDto(rows[0]);
    });
  }

  resetPassword(actor: Actor, req: ResetPassword.Request): Promise<AccountView> {
    const { id, password, ip } = req;
    // Not even a hash of the password goes to the idempotency store: the key alone names the reset.
    return this.once(actor, req.idempotencyKey, `accounts.${id}.password`, async () => {
      const target = await this.find(this.ds.manager, id);
      await this.assertManaged(actor, 'account.password_reset', target.username, [target.role], ip, target.id);
      const hash = await this.hasher.hash(password);
      return this.ds.transaction(async (m) => {
        const rows = updated(await m.query(
          `UPDATE identity.accounts SET password_hash = $2, failed_logins = 0, locked_until = NULL WHERE id = $1 AND role = $3 RETURNING ${COLUMNS}`,
          [id, hash, target.role],
        ));
        if (!rows.length) throw AppError.notFound('Account', id);
        // whoever knew the old password is logged out
        await this.sessions.revokeAll(m, id);
        await this.audit.record({ actorId: actor.id, actorName: actor.username, action: 'account.password_reset', target: target.username, result: 'ok', ip, details: { id } }, m);
        return toDto(rows[0]);
      });
    });
  }

  /** The separation rule: refused (and audited) when an administrator role is held, given or taken, or the account is the caller's own. */
  private async assertManaged(actor: Actor, action: string, username: string, roles: Role[], ip?: string, id?: string): Promise<void> {
    const own = id === actor.id || username === actor.username;
    const duty = roles.find((r) => ADMIN_DUTY_ROLES.includes(r));
    const unmanaged = roles.find((r) => !MANAGED_ROLES.includes(r));
    if (!own && !duty && !unmanaged) return;
    const reason = own ? 'own account' : duty ? `administrator role ${duty}` : `role ${unmanaged} is not an account role`;
    await this.audit.note({ actorId: actor.id, actorName: actor.username, action, target: username, result: 'denied', ip, details: { reason } });
    if (!duty && !own) throw AppError.validation([{ field: 'role', messages: [`role must be one of ${MANAGED_ROLES.join(', ')}`] }]);
    throw new AppError(
      GatewayErrorCode.SeparationOfDuties,
      own
        ? '三员分立: the system administrator does not change his own account here'
        : '三员分立: administrator accounts (系统管理员、安全管理员、审计员) are provisioned by the deployment, not given or changed by the system administrator',
      { reason, field: 'role' },
    );
  }

  private async find(m: EntityManager, id: string, forUpdate = false): Promise<AccountRow> {
    if (!UUID.test(id)) throw AppError.validation([{ field: 'id', messages: ['id must be an account id (uuid)'] }]);
    const rows: AccountRow[] = await m.query(`SELECT ${COLUMNS} FROM identity.accounts WHERE id = $1${forUpdate ? ' FOR UPDATE' : ''}`, [id]);
    if (!rows.length) throw AppError.notFound('Account', id);
    return rows[0];
  }

  /** The reset's Idempotency-Key: a retry answers the first result (per admin, key and account), the body never kept. */
  private once<T>(actor: Actor, key: string | undefined, subject: string, fn: () => Promise<T>): Promise<T> {
    return key ? this.idempotency.run(actor.id, key, subject, {}, fn) : fn();
  }
}

/** TypeORM answers an UPDATE … RETURNING with [rows, affected]. */
function updated(answer: [AccountRow[], number] | AccountRow[]): AccountRow[] {
  return Array.isArray(answer[0]) ? (answer[0] as AccountRow[]) : (answer as AccountRow[]);
}

function checkUnitAndDepartment(role: Role, unit: Unit | null, departmentId: string | null): { unit: Unit | null; departmentId: string | null } {
  const fields: FieldError[] = [];
  if (role === Role.UnitMember && !unit) fields.push({ field: 'unit', messages: ['unit is required for a unit_member (组队成员)'] });
  if (role !== Role.UnitMember && unit) fields.push({ field: 'unit', messages: ['unit is only for a unit_member (组队成员)'] });
  if (role === Role.DepartmentLiaison && !departmentId) fields.push({ field: 'departmentId', messages: ['departmentId is required for a department_liaison (职能部门联络员)'] });
  if (role !== Role.DepartmentLiaison && departmentId) fields.push({ field: 'departmentId', messages: ['departmentId is only for a department_liaison (职能部门联络员)'] });
  if (fields.length) throw AppError.validation(fields);
  return { unit, departmentId };
}

function toDto(r: AccountRow): AccountView {
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    unit: r.unit,
    departmentId: r.department_id,
    scope: r.scope,
    disabled: r.disabled,
    lockedUntil: r.locked_until ? new Date(r.locked_until).toISOString() : null,
    createdAt: new Date(r.created_at).toISOString(),
  };
}
