import { maskContactsInText, maskIdNumber, maskName, maskPhone } from './pii';

/** Free text a person writes (a title, a note, a reason…): contacts written into it are masked. */
const FREE_TEXT = new Set(['title', 'description', 'note', 'reason', 'comment', 'result', 'reply', 'completionReply', 'districtReply', 'summary', 'content', 'remark']);
/** A resident's name (the staff member acting is named by id and role): 王**. */
const RESIDENT_NAMES = new Set(['reporterName', 'petitionerName', 'partyName', 'subjectName', 'recipientName', 'holderName', 'residentName', 'visitorName', 'applicantName', 'respondentName', 'personName', 'representative']);
const PHONES = /phone|mobile|tel$/i;
const ID_NUMBERS = /idNumber$/i;
const EMAILS = /email$/i;

/**
 * An event's data without personal data (issue 20 item 8): events reach every consumer, the live
 * feed and the district, and stay in streams and outboxes, so no phone, ID number, e-mail or
 * resident name leaves a service in one. Applied by the outbox writer to every event of every
 * producer: phone/ID/e-mail fields masked (138****5678), residents' names masked (王**), contacts
 * written into free text masked. Ids, codes, hashes and photos are never touched.
 */
export function withoutPersonalData<T>(data: T): T {
  return scrub(data, '') as T;
}

function scrub(v: unknown, key: string): unknown {
  if (Array.isArray(v)) return v.map((x) => scrub(x, key));
  if (v && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, scrub(x, k)]));
  }
  if (typeof v !== 'string' || key === '') return v;
  if (RESIDENT_NAMES.has(key)) return maskName(v);
  if (ID_NUMBERS.test(key)) return maskIdNumber(v);
  if (PHONES.test(key)) return maskPhone(v);
  if (EMAILS.test(key)) return maskContactsInText(v);
  if (FREE_TEXT.has(key)) return maskContactsInText(v);
  return v;
}
