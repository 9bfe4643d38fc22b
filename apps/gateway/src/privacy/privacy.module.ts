import { Module } from '@nestjs/common';
import { RevealAudit } from './reveal-audit';

/**
 * Audited reveals and reads of personal data (个人信息查看留痕), whichever route table serves them:
 * RevealAudit, run around each of those routes' handlers (RevealAuditInterceptor, put there by auditPersonalData).
 */
@Module({ providers: [RevealAudit], exports: [RevealAudit] })
export class PrivacyModule {}
