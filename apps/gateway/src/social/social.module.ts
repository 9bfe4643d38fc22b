import { Module } from '@nestjs/common';
import * as Http from './social.http-controller';

/** Gateway routes for social-services (社会服务队). */
@Module({ controllers: Object.values(Http) })
export class SocialModule {}
