import { IsUUID } from 'class-validator';
import { Text } from './fields';

/** `POST …/{id}/reveal`'s body: why, written to the audit with who and when. */
export class PiiRevealRequest {
  @Text(500, 4) reason: string;
}

/**
 * An audited reveal of one record's personal data in plain (查看明文): its id, then why (回访,
 * 核实), kept in the audit log. The office's reporters and the petitions group's registers take
 * it. Not `extends PiiRevealRequest`: a request answers its own fields first, so the id would
 * come after the reason in a 400.
 */
export class RevealRequest {
  @IsUUID() id: string;
  @Text(500, 4) reason: string;
}
