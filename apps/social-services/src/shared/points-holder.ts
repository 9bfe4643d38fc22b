import { Actor } from '@grid122/contracts';
import { maskName, maskPhone, PiiCipher } from '@grid122/privacy';
import { SocialPolicy } from './social-policy';
import { num } from './rows';

/** What a holder of points (志愿者 or 居民积分) keeps on its row: name, encrypted phone, the points' running totals. */
export interface PointsHolderRow {
  name: string;
  phone_enc: string | null;
  points_balance: unknown;
  points_earned: unknown;
  points_spent: unknown;
}

/**
 * A holder's name, phone and points as the caller reads them: the name in full for who sees names
 * (else masked), the phone always masked, the points' balance, earned and spent.
 */
export function pointsHolderView(r: PointsHolderRow, actor: Actor, pii: PiiCipher) {
  return {
    name: SocialPolicy.seesNames(actor) ? r.name : (maskName(r.name) ?? ''),
    phone: r.phone_enc ? maskPhone(pii.decrypt(r.phone_enc)) : null,
    points: { balance: num(r.points_balance), earned: num(r.points_earned), spent: num(r.points_spent) },
  };
}
