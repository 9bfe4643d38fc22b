import { Actor, DISABILITY_CATEGORY_LABELS, labelOr, RECIPIENT_CATEGORY_LABELS, RecipientView, SUPPORT_KIND_LABELS, SupportKind } from '@grid122/contracts';
import { rowPoint } from '@grid122/persistence';
import { maskIdNumber, maskName, maskPhone, PiiCipher } from '@grid122/privacy';
import { dateOnly, iso } from '../shared/rows';
import { SocialPolicy } from '../shared/social-policy';
import { openCategories } from './recipient-categories';
import { CategoryRow, RecipientRow } from './recipients.repository';

export function ageOn(birth: string | null, today = new Date()): number | null {
  if (!birth) return null;
  const [y, m, d] = birth.split('-').map(Number);
  let age = today.getFullYear() - y;
  if (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d)) age--;
  return age;
}

export function categoryLabel(code: string, cats: Map<string, CategoryRow>): { zh: string; en: string } {
  const c = cats.get(code);
  return c ? { zh: c.label_zh, en: c.label_en } : labelOr(RECIPIENT_CATEGORY_LABELS, code);
}

/** Lists the fields the API shows; identifiers are always masked here (the identity read is separate). */
export function toRecipientView(r: RecipientRow, actor: Actor, cats: Map<string, CategoryRow>, pii: PiiCipher): RecipientView {
  const names = SocialPolicy.seesNames(actor);
  const birth = dateOnly(r.birth_date);
  const decrypt = (v: string | null) => (v ? pii.decrypt(v) : null);
  return {
    id: r.id,
    name: names ? r.name : (maskName(r.name) ?? ''),
    gender: r.gender,
    birthDate: names ? birth : null,
    age: ageOn(birth),
    idNumber: maskIdNumber(decrypt(r.id_number_enc)),
    phone: maskPhone(decrypt(r.phone_enc)),
    categories: openCategories(pii, r).map((code) => ({ code, label: categoryLabel(code, cats) })),
    disability: r.disability_category
      ? { category: r.disability_category, label: labelOr(DISABILITY_CATEGORY_LABELS, r.disability_category), grade: r.disability_grade }
      : null,
    householdMembers: (r.household_members ?? []).map((h) => ({ name: names ? h.name : (maskName(h.name) ?? ''), relation: h.relation, birthYear: h.birthYear ?? null })),
    gridId: r.grid_id,
    gridPath: r.grid_path,
    buildingId: r.building_id,
    buildingName: r.building_name,
    address: names ? r.address : null,
    location: rowPoint(r.lng, r.lat),
    pairHelper: r.pair_helper_volunteer_id ? { volunteerId: r.pair_helper_volunteer_id, name: r.helper_name ?? '' } : null,
    supports: (r.supports ?? []).map((s) => ({
      id: s.id,
      kind: s.kind as SupportKind,
      label: labelOr(SUPPORT_KIND_LABELS, s.kind),
      monthlyAmountCents: s.monthly_amount_cents,
      startedOn: s.started_on,
      endedOn: s.ended_on,
      note: s.note,
    })),
    vouchers: { issuedCents: Number(r.voucher_issued_cents), redeemedCents: Number(r.voucher_redeemed_cents), balanceCents: Number(r.voucher_balance_cents) },
    active: r.active,
    note: r.note,
    createdAt: iso(r.created_at)!,
    updatedAt: iso(r.updated_at)!,
  };
}
