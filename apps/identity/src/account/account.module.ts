import { Module, Provider, Type } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AccountMessageController } from './account.message-controller';
import { AccountRepository } from './account.repository';
import { AccountSecurityService } from './account-security.service';
import { AccountsService } from './accounts.service';
import { AdminBootstrap } from './admin-bootstrap';
import { LoginService } from './login.service';
import { PasswordHasher } from './password-hasher';
import { SessionRepository } from './session.repository';

/** Accounts (账号), logins and sessions, locks, password hashing (argon2id, bounded), the deployment's three administrators. */
const controllers: Type[] = [AccountMessageController];
const services: Provider[] = [LoginService, AccountsService, AccountSecurityService, AdminBootstrap, PasswordHasher];
const repositories: Provider[] = [AccountRepository, SessionRepository];

@Module({ imports: [AuditModule], controllers, providers: [...services, ...repositories] })
export class AccountModule {}
