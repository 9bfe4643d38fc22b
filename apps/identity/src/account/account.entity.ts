import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { Role, Unit } from '@grid122/contracts';

/** A person's login to the suite (账号). Kept by the identity service (schema identity). */
@Entity({ name: 'accounts' })
export class AccountEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text', { unique: true })
  username: string;

  @Column('text', { name: 'display_name' })
  displayName: string;

  @Column('text', { name: 'password_hash' })
  passwordHash: string;

  @Column('text')
  role: Role;

  @Column('text', { nullable: true })
  unit: Unit | null;

  @Column('uuid', { name: 'department_id', nullable: true })
  departmentId: string | null;

  /** ltree path of the grid subtree this account may see ('' = everything, admins only). */
  @Column('text')
  scope: string;

  @Column('int', { name: 'failed_logins', default: 0 })
  failedLogins: number;

  @Column('timestamptz', { name: 'locked_until', nullable: true })
  lockedUntil: Date | null;

  @Column('boolean', { default: false })
  disabled: boolean;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;
}

/** A district/city platform's API key (stored as a SHA-256 hash, never in plain). */
@Entity({ name: 'api_keys' })
export class ApiKeyEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('text')
  name: string;

  @Column('text', { name: 'key_hash', unique: true })
  keyHash: string;

  @Column('text')
  scope: string;

  @Column('timestamptz', { name: 'created_at', default: () => 'now()' })
  createdAt: Date;

  @Column('timestamptz', { name: 'revoked_at', nullable: true })
  revokedAt: Date | null;
}
