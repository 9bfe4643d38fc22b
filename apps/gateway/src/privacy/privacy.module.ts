import { Module } from '@nestjs/common';
import { RevealAudit } from './reveal-audit';

/**
 * Audited reveals and reads of personal data (个人信息查看留痕), whichever route table serves them:
 * RevealAudit, run around every HTTP request by the gateway's one global interceptor (HttpContextInterceptor).
 */
@Module({ providers: [RevealAudit], exports: [RevealAudit] })
export class PrivacyModule {}
