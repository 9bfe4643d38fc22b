import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { RevealAuditInterceptor } from './reveal-audit.interceptor';

/** Audited reveals and reads of personal data (个人信息查看留痕), whichever route table serves them. */
@Module({ providers: [{ provide: APP_INTERCEPTOR, useClass: RevealAuditInterceptor }] })
export class PrivacyModule {}
