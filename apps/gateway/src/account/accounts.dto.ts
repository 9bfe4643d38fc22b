import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEnum, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Role, Unit } from '@grid122/contracts';

/**
 * The roles the system administrator gives through the accounts API: the business roles. The
 * three administrator roles (系统管理员、安全管理员、审计员) are never given or taken here (三员分立,
 * docs/security.md "Accounts"); `platform` is an API key, not an account.
 */
export const MANAGED_ROLES: Role[] = [Role.DistrictViewer, Role.StreetCommander, Role.UnitMember, Role.DepartmentLiaison, Role.GridWorker, Role.CommunityStation];
/** The separated administrator duties (三员). */
export const ADMIN_DUTY_ROLES: Role[] = [Role.Admin, Role.SecurityAdmin, Role.Auditor];

const GRID_PATH = /^[a-z0-9_]+(\.[a-z0-9_]+)*$/;
/** At least 12 characters with letters and digits (等保三级 口令复杂度). */
const STRONG_PASSWORD = /^(?=.*[A-Za-z])(?=.*\d).{12,256}$/s;

export class CreateAccountDto {
  @ApiProperty({ example: 'wangwei', description: 'login name: lower-case letters, digits, . _ -' })
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9._-]{2,63}$/, { message: 'username must be 3–64 lower-case letters, digits, . _ -' })
  username: string;

  @ApiProperty({ example: '王伟' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName: string;

  @ApiProperty({ description: 'initial password: at least 12 characters with letters and digits' })
  @IsString()
  @Matches(STRONG_PASSWORD, { message: 'password must be 12–256 characters with letters and digits' })
  password: string;

  @ApiProperty({ enum: MANAGED_ROLES })
  @IsIn(Object.values(Role), { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role: Role;

  @ApiPropertyOptional({ enum: Unit, description: 'required for unit_member (组队成员), else absent' })
  @IsOptional()
  @IsEnum(Unit)
  unit?: Unit;

  @ApiPropertyOptional({ description: 'required for department_liaison (职能部门联络员)' })
  @IsOptional()
  @IsUUID()
  departmentId?: string;

  @ApiProperty({ example: 'nj.gulou.btq', description: 'grid path the account may see (never empty: everything is the admins\' alone)' })
  @IsString()
  @Matches(GRID_PATH, { message: 'scope must be a grid path like nj.gulou.btq' })
  scope: string;
}

export class ChangeAccountDto {
  @ApiPropertyOptional({ enum: MANAGED_ROLES })
  @IsOptional()
  @IsIn(Object.values(Role), { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ enum: Unit, nullable: true })
  @IsOptional()
  @IsEnum(Unit)
  unit?: Unit | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsUUID()
  departmentId?: string | null;

  @ApiPropertyOptional({ example: 'nj.gulou.btq.c01' })
  @IsOptional()
  @IsString()
  @Matches(GRID_PATH, { message: 'scope must be a grid path like nj.gulou.btq' })
  scope?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  displayName?: string;
}

export class ResetPasswordDto {
  @ApiProperty({ description: 'the new password: at least 12 characters with letters and digits' })
  @IsString()
  @Matches(STRONG_PASSWORD, { message: 'password must be 12–256 characters with letters and digits' })
  password: string;
}

export class DisableAccountDto {
  @ApiPropertyOptional({ example: '调离岗位' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  reason?: string;
}

export class AccountListQueryDto {
  @ApiPropertyOptional({ enum: Role })
  @IsOptional()
  @IsIn(Object.values(Role), { message: `role must be one of ${Object.values(Role).join(', ')}` })
  role?: Role;

  @ApiPropertyOptional({ default: 100, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;
}

export class AccountDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ enum: Unit, nullable: true }) unit: Unit | null;
  @ApiProperty({ nullable: true }) departmentId: string | null;
  @ApiProperty() scope: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ nullable: true }) lockedUntil: string | null;
  @ApiProperty() createdAt: string;
}
