import { IsOptional, Matches } from 'class-validator';
import { Text } from './fields';

/**
 * An external reporter (a resident on the hotline); the phone is stored encrypted. Here, not in
 * the office's contracts, because a district's task handed down (federation) names one as well.
 */
export class ReporterContactDto {
  @Text(50, 1) name: string;
  @IsOptional() @Matches(/^\+?[0-9 -]{5,20}$/, { message: 'phone must be a phone number' }) phone?: string;
}
