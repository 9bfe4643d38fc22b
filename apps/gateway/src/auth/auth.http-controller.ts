import { Body, Controller, Get, Headers, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { Actor } from '@grid122/contracts';
import { RateLimit } from '../security/rate-limit.decorator';
import { ANY_ROLE, Caller, Public, Roles } from './auth.decorators';
import { LoginDto, LoginReplyDto, RefreshDto } from './auth.dto';
import { AuthService } from './auth.service';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthHttpController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @RateLimit({ name: 'login', limit: (env) => env.LOGIN_RATE_LIMIT_PER_MINUTE, windowSeconds: 60, by: 'ip' })
  @Post('login')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginReplyDto })
  login(@Body() body: LoginDto, @Ip() ip: string): Promise<LoginReplyDto> {
    return this.auth.login(body.username, body.password, ip);
  }

  /** A new access token (and refresh token) for a refresh token; the old refresh token is spent. */
  @Public()
  @RateLimit({ name: 'login', limit: (env) => env.LOGIN_RATE_LIMIT_PER_MINUTE, windowSeconds: 60, by: 'ip' })
  @Post('refresh')
  @HttpCode(200)
  @ApiOkResponse({ type: LoginReplyDto })
  refresh(@Body() body: RefreshDto, @Ip() ip: string): Promise<LoginReplyDto> {
    return this.auth.refresh(body.refreshToken, ip);
  }

  /** Ends this token's session: its access tokens and refresh token stop (audited auth.logout). */
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(200)
  @Roles(...ANY_ROLE)
  logout(@Caller() actor: Actor, @Headers('authorization') authorization: string, @Ip() ip: string): Promise<{ loggedOut: true }> {
    return this.auth.logout(actor, authorization.replace(/^Bearer\s+/i, ''), ip);
  }

  @ApiBearerAuth()
  @Get('me')
  @Roles(...ANY_ROLE)
  me(@Caller() actor: Actor): Actor {
    return actor;
  }
}
