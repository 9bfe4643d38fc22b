import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { Role, Unit } from '@grid122/contracts';

export class LoginDto {
  @ApiProperty({ example: 'commander' })
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  username: string;

  @ApiProperty({ example: 'grid122-demo' })
  @IsString()
  @MinLength(1)
  @MaxLength(256)
  password: string;
}

export class UserDto {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: Role }) role: Role;
  @ApiProperty({ enum: Unit, nullable: true }) unit: Unit | null;
  @ApiProperty({ nullable: true }) departmentId: string | null;
  @ApiProperty({ description: 'ltree grid path the account may see' }) scope: string;
}

export class LoginReplyDto {
  @ApiProperty() accessToken: string;
  @ApiProperty({ description: 'seconds' }) expiresIn: number;
  @ApiProperty({ description: 'for POST /api/v1/auth/refresh; rotated on every use (a used one again ends the session)' }) refreshToken: string;
  @ApiProperty({ description: 'seconds' }) refreshExpiresIn: number;
  @ApiProperty({ type: UserDto }) user: UserDto;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  refreshToken: string;
}
