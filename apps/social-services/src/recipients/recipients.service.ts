import { Injectable } from '@nestjs/common';
import { streetCalendar } from '@grid122/calendar';
import {
  Actor, AddRecipientSupport, BREAKFAST_VOUCHER_MONTHLY_CENTS, CommonErrorCode, CreateRecipientCategory, EndRecipientSupport, IssueMonthlyVouchers,
  IssueVouchers, ListRecipientCategories, ListRecipients, RecipientFigures, RecipientView, RedeemVouchers, RegisterRecipient, RevealRecipientIdentity,
  SocialErrorCode, SocialEvents, SUPPORT_KIND_LABELS, UpdateRecipient, VoucherData, VoucherLedger, VoucherLedgerView,
  labelOr,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { decodeCursor, keysetPage } from '@grid122/persistence';
import { PiiCipher } from '@grid122/privacy';
import { EntityManager } from 'typeorm';
import { iso } from '../shared/rows';
import { requireFieldWork, requireInScope, requireManage, requireRead, SocialPolicy } from '../shared/social-policy';
import { categoryLabel, toRecipientView } from './recipient.mapper';
import { categoryByHash, categoryLookup, protectCategories } from './recipient-categories';
import { CategoryRow, RecipientRow, RecipientsRepository } from './recipients.repository';

/** Care recipients (服务对象), their support and their breakfast-voucher ledger. */
@Injectable()
export class RecipientsService {
  constructor(
    private readonly repo: RecipientsRepository,
    private readonly outbox: OutboxWriter,
    private readonly pii: PiiCipher,
  ) {}

  private async categoryMap(m?: EntityManager): Promise<Map<string, CategoryRow>> {
    return new Map((await this.repo.categories(m)).map((c) => [c.code, c]));
  }

  /** Validates category codes against the configured list; returns whether any is sensitive. */
  private checkCategories(codes: string[], cats: Map<string, CategoryRow>): boolean {
    const unknown = codes.filter((c) => !cats.has(c));
    if (unknown.length) throw new AppError(SocialErrorCode.UnknownCategory, `Unknown category: ${unknown.join(', ')}`, { field: 'categories', unknown });
    return codes.some((c) => cats.get(c)!.sensitive);
  }

  /** Loads a recipient the actor may see, or 404 (a hidden sensitive record looks absent). */
  async visible(id: string, actor: Actor, m?: EntityManager): Promise<RecipientRow> {
    const r = await this.repo.find(id, m);
    if (!r || !isWithinScope(r.grid_path, actor.scope) || (r.sensitive && !SocialPolicy.seesSensitive(actor))) {
      throw new AppError(SocialErrorCode.RecipientNotFound, `Care recipient ${id} not found`, { id });
    }
    return r;
  }

  private async view(id: string, actor: Actor): Promise<RecipientView> {
    return toRecipientView(await this.visible(id, actor), actor, await this.categoryMap(), this.pii);
  }

  async register(actor: Actor, req: RegisterRecipient.Request): Promise<RecipientView> {
    requireManage(actor);
    requireInScope(actor, req.gridPath);
    const categories = [...new Set(req.categories)];
    const cats = await this.categoryMap();
    const sensitive = this.checkCategories(categories, cats);
    if (sensitive && !SocialPolicy.seesSensitive(actor)) throw AppError.forbidden('This account may not register people in sensitive categories');
    if (req.disabilityCategory && !categories.includes('disabled')) {
      throw AppError.validation([{ field: 'disabilityCategory', messages: ['disabilityCategory needs the disabled category'] }]);
    }
    const id = await this.repo.ds.transaction(async (m) => {
      if (req.pairHelperVolunteerId && !(await this.repo.volunteerExists(m, req.pairHelperVolunteerId))) {
        throw new AppError(SocialErrorCode.VolunteerNotFound, `Volunteer ${req.pairHelperVolunteerId} not found`, { field: 'pairHelperVolunteerId' });
      }
      const protectedCategories = protectCategories(this.pii, categories);
      const newId = await this.repo.insert(m, {
        ...req,
        categoriesEnc: protectedCategories.categories_enc,
        categoryIndex: protectedCategories.category_index,
        sensitive,
        idNumberEnc: req.idNumber ? this.pii.encrypt(req.idNumber.toUpperCase()) : null,
        idNumberHash: req.idNumber ? this.pii.hash(req.idNumber) : null,
        phoneEnc: req.phone ? this.pii.encrypt(req.phone) : null,
        phoneHash: req.phone ? this.pii.hash(req.phone) : null,
        lng: req.location?.lng,
        lat: req.location?.lat,
        createdBy: actor.id,
      });
      await this.repo.insertSupports(m, newId, req.supports ?? []);
      // The event names the record and its grid, never the person nor the categories (kept encrypted here).
      await this.outbox.add(m, {
        type: SocialEvents.RecipientRegistered,
        gridPath: req.gridPath,
        data: { recipientId: newId, gridPath: req.gridPath },
      });
      return newId;
    });
    return this.view(id, actor);
  }

  async update(actor: Actor, req: UpdateRecipient.Request): Promise<RecipientView> {
    requireManage(actor);
    await this.repo.ds.transaction(async (m) => {
      await this.visible(req.id, actor, m);
      await this.repo.lock(m, req.id);
      const set: Record<string, unknown> = {};
      if (req.name !== undefined) set.name = req.name;
      if (req.phone !== undefined) {
        set.phone_enc = this.pii.encrypt(req.phone);
        set.phone_hash = this.pii.hash(req.phone);
      }
      if (req.categories !== undefined) {
        const categories = [...new Set(req.categories)];
        const sensitive = this.checkCategories(categories, await this.categoryMap(m));
        if (sensitive && !SocialPolicy.seesSensitive(actor)) throw AppError.forbidden('This account may not put people in sensitive categories');
        Object.assign(set, protectCategories(this.pii, categories), { categories: [] });
        set.sensitive = sensitive;
      }
      if (req.disabilityCategory !== undefined) set.disability_category = req.disabilityCategory;
      if (req.disabilityGrade !== undefined) set.disability_grade = req.disabilityGrade;
      if (req.householdMembers !== undefined) set.household_members = JSON.stringify(req.householdMembers);
      if (req.address !== undefined) set.address = req.address;
      if (req.pairHelperVolunteerId !== undefined) {
        if (req.pairHelperVolunteerId !== null && !(await this.repo.volunteerExists(m, req.pairHelperVolunteerId))) {
          throw new AppError(SocialErrorCode.VolunteerNotFound, `Volunteer ${req.pairHelperVolunteerId} not found`, { field: 'pairHelperVolunteerId' });
        }
        set.pair_helper_volunteer_id = req.pairHelperVolunteerId;
      }
      if (req.active !== undefined) set.active = req.active;
      if (req.note !== undefined) set.note = req.note;
      await this.repo.update(m, req.id, set);
    });
    return this.view(req.id, actor);
  }

  async list(actor: Actor, req: ListRecipients.Request) {
    requireRead(actor);
    const limit = req.limit ?? 50;
    const after = req.cursor ? decodeCursor(req.cursor, ['time', 'uuid']) : null;
    const rows = await this.repo.list(actor, req, SocialPolicy.seesSensitive(actor), req.category ? categoryLookup(this.pii, req.category) : undefined, after, limit + 1);
    const cats = await this.categoryMap();
    return keysetPage(rows, limit, (r) => toRecipientView(r, actor, cats, this.pii), (r) => [r.ck, r.id]);
  }

  async get(actor: Actor, id: string): Promise<RecipientView> {
    requireRead(actor);
    return this.view(id, actor);
  }

  /** The unmasked identifiers, for the roles that need them, with the reason recorded. */
  async revealIdentity(actor: Actor, req: RevealRecipientIdentity.Request): Promise<RevealRecipientIdentity.Reply> {
    if (!SocialPolicy.mayRevealIdentity(actor)) throw AppError.forbidden('Only the social services team may see identifiers unmasked');
    const r = await this.visible(req.id, actor);
    await this.repo.recordIdentityRead(r.id, actor, req.reason);
    return { id: r.id, name: r.name, idNumber: r.id_number_enc ? this.pii.decrypt(r.id_number_enc) : null, phone: r.phone_enc ? this.pii.decrypt(r.phone_enc) : null };
  }

  async addSupport(actor: Actor, req: AddRecipientSupport.Request): Promise<RecipientView> {
    requireManage(actor);
    await this.repo.ds.transaction(async (m) => {
      await this.visible(req.recipientId, actor, m);
      await this.repo.insertSupports(m, req.recipientId, [req]);
    });
    return this.view(req.recipientId, actor);
  }

  async endSupport(actor: Actor, req: EndRecipientSupport.Request): Promise<RecipientView> {
    requireManage(actor);
    await this.repo.ds.transaction(async (m) => {
      await this.visible(req.recipientId, actor, m);
      if (!(await this.repo.endSupport(m, req.recipientId, req.supportId, req.endedOn ?? null))) throw AppError.notFound('active support', req.supportId);
    });
    return this.view(req.recipientId, actor);
  }

  async categories(actor: Actor): Promise<ListRecipientCategories.Reply> {
    requireRead(actor);
    const rows = await this.repo.categories();
    const visible = SocialPolicy.seesSensitive(actor) ? rows : rows.filter((c) => !c.sensitive);
    return { items: visible.map((c) => ({ code: c.code, label: { zh: c.label_zh, en: c.label_en }, sensitive: c.sensitive, builtin: c.builtin })) };
  }

  async createCategory(actor: Actor, req: CreateRecipientCategory.Request): Promise<CreateRecipientCategory.Reply> {
    requireManage(actor);
    if ((await this.categoryMap()).has(req.code)) throw new AppError(CommonErrorCode.Conflict, `Category ${req.code} already exists`, { field: 'code' });
    const c = await this.repo.insertCategory({ code: req.code, label_zh: req.zh, label_en: req.en, sensitive: req.sensitive ?? false, builtin: false });
    return { code: c.code, label: { zh: c.label_zh, en: c.label_en }, sensitive: c.sensitive, builtin: c.builtin };
  }

  // ---- vouchers ------------------------------------------------------------------------------

  async issueVouchers(actor: Actor, req: IssueVouchers.Request): Promise<VoucherLedgerView> {
    requireManage(actor);
    notFutureMonth(req.month);
    await this.repo.ds.transaction(async (m) => {
      const r = await this.visible(req.recipientId, actor, m);
      const amount = req.amountCents ?? BREAKFAST_VOUCHER_MONTHLY_CENTS;
      const balance = await this.repo.issueVouchers(m, r.id, r.grid_path, req.month, amount, actor.id);
      if (balance === null) throw new AppError(SocialErrorCode.VoucherAlreadyIssued, `Vouchers for ${req.month} were already issued`, { month: req.month });
      await this.voucherEvent(m, SocialEvents.VoucherIssued, { recipientId: r.id, gridPath: r.grid_path, amountCents: amount, balanceCents: balance, month: req.month, serviceRequestId: null });
    });
    return this.ledger(actor, { recipientId: req.recipientId });
  }

  async issueMonth(actor: Actor, req: IssueMonthlyVouchers.Request): Promise<IssueMonthlyVouchers.Reply> {
    requireManage(actor);
    notFutureMonth(req.month);
    const holders = await this.repo.voucherHolders(actor, req.gridPath);
    let issued = 0;
    let totalCents = 0;
    // One transaction per recipient: one failure does not undo the street's month.
    for (const h of holders) {
      const amount = Number(h.amount) || BREAKFAST_VOUCHER_MONTHLY_CENTS;
      const done = await this.repo.ds.transaction(async (m) => {
        const balance = await this.repo.issueVouchers(m, h.id, h.grid_path, req.month, amount, actor.id);
        if (balance === null) return false;
        await this.voucherEvent(m, SocialEvents.VoucherIssued, { recipientId: h.id, gridPath: h.grid_path, amountCents: amount, balanceCents: balance, month: req.month, serviceRequestId: null });
        return true;
      });
      if (done) {
        issued++;
        totalCents += amount;
      }
    }
    return { month: req.month, issued, alreadyIssued: holders.length - issued, totalCents };
  }

  async redeemVouchers(actor: Actor, req: RedeemVouchers.Request): Promise<VoucherLedgerView> {
    requireFieldWork(actor);
    await this.repo.ds.transaction(async (m) => {
      const r = await this.visible(req.recipientId, actor, m);
      await this.redeemIn(m, r.id, req.amountCents, null, req.note ?? null, actor);
    });
    return this.ledger(actor, { recipientId: req.recipientId });
  }

  /** Redeems inside the caller's transaction (a delivery redeems with its own state change). */
  async redeemIn(m: EntityManager, recipientId: string, amount: number, serviceRequestId: string | null, note: string | null, actor: Actor): Promise<void> {
    const done = await this.repo.redeemVouchers(m, recipientId, amount, serviceRequestId, note, actor.id);
    if (!done) {
      const current = await this.repo.lock(m, recipientId);
      throw new AppError(SocialErrorCode.VoucherOverdrawn, `Only ${current?.voucher_balance_cents ?? 0} cents of vouchers are left; cannot redeem ${amount}`, {
        balanceCents: current?.voucher_balance_cents ?? 0,
        requestedCents: amount,
      });
    }
    await this.voucherEvent(m, SocialEvents.VoucherRedeemed, { recipientId, gridPath: done.gridPath, amountCents: amount, balanceCents: done.balance, month: null, serviceRequestId });
  }

  private voucherEvent(m: EntityManager, type: typeof SocialEvents.VoucherIssued | typeof SocialEvents.VoucherRedeemed, data: VoucherData) {
    return this.outbox.add(m, { type, gridPath: data.gridPath, data });
  }

  async ledger(actor: Actor, req: VoucherLedger.Request): Promise<VoucherLedgerView> {
    requireRead(actor);
    const r = await this.visible(req.recipientId, actor);
    const entries = await this.repo.ledger(r.id);
    return {
      recipientId: r.id,
      issuedCents: Number(r.voucher_issued_cents),
      redeemedCents: Number(r.voucher_redeemed_cents),
      balanceCents: Number(r.voucher_balance_cents),
      entries: entries.map((e) => ({
        id: e.id,
        entry: e.entry,
        amountCents: Number(e.amount_cents),
        balanceAfterCents: Number(e.balance_after_cents),
        month: e.month,
        serviceRequestId: e.service_request_id,
        note: e.note,
        createdAt: iso(e.created_at)!,
      })),
    };
  }

  async figures(actor: Actor, req: RecipientFigures.Request): Promise<RecipientFigures.Reply> {
    requireRead(actor);
    const sees = SocialPolicy.seesSensitive(actor);
    const depth = req.depth ?? 4;
    const [f, perGrid, cats] = await Promise.all([
      this.repo.figures(actor, req.gridPath, depth, sees),
      this.repo.countByGrid(actor, req.gridPath, depth, sees),
      this.categoryMap(),
    ]);
    // the counts come by blind index: each hash named from the category list (a code may count
    // under two hashes while a hash key rotates: summed)
    const codeOf = categoryByHash(this.pii, cats.keys());
    const byGrid = new Map(perGrid.map((g) => [g.grid_path, { gridPath: g.grid_path, total: g.n, byCategory: {} as Record<string, number> }]));
    for (const row of f.byGrid as { grid_path: string; h: string; n: number }[]) {
      const g = byGrid.get(row.grid_path);
      const code = codeOf.get(row.h);
      if (g && code) g.byCategory[code] = (g.byCategory[code] ?? 0) + row.n;
    }
    const byCategory = new Map<string, number>();
    for (const row of f.byCategory as { h: string; n: number }[]) {
      const code = codeOf.get(row.h);
      if (code) byCategory.set(code, (byCategory.get(code) ?? 0) + row.n);
    }
    return {
      total: f.total,
      byCategory: [...byCategory].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([code, n]) => ({ code, label: categoryLabel(code, cats), count: n })),
      byGrid: [...byGrid.values()],
      supports: (f.supports as { kind: string; n: number }[]).map((s) => ({ kind: s.kind, label: labelOr(SUPPORT_KIND_LABELS, s.kind), active: s.n })),
      vouchers: { issuedCents: Number(f.vouchers.issued), redeemedCents: Number(f.vouchers.redeemed), balanceCents: Number(f.vouchers.balance) },
      sensitiveHidden: !sees,
    };
  }
}

/** Vouchers are issued for the street's current month or a past one, never for one not begun. */
function notFutureMonth(month: string): void {
  const cal = streetCalendar();
  if (cal.isFutureMonth(month)) {
    throw AppError.validation([{ field: 'month', messages: [`month ${month} has not begun in the street's calendar (today is ${cal.today()}); vouchers are issued for the current or a past month (YYYY-MM)`] }]);
  }
}
