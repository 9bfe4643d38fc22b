import { Injectable } from '@nestjs/common';
import { streetToday } from '@grid122/calendar';
import {
  Actor, AwardResidentPoints, CommonErrorCode, GetResidentHolder, PointsChangedData, RegisterResidentHolder, ResidentHolderView, ResidentPointsEntryView,
  SocialErrorCode, SocialEvents,
} from '@grid122/contracts';
import { AppError, OutboxWriter } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';
import { PiiCipher } from '@grid122/privacy';
import { EntityManager } from 'typeorm';
import { iso, num } from '../shared/rows';
import { requireAwardResidentPoints, requireInScope, SocialPolicy } from '../shared/social-policy';
import { pointsHolderView } from '../shared/points-holder';
import { ResidentPointsRepository, ResidentRow } from './resident-points.repository';

/**
 * Residents' points (居民积分, 积分换购): residents who are not registered volunteers earn points
 * for participation recorded by their community and spend them at the love supermarket.
 */
@Injectable()
export class ResidentPointsService {
  constructor(
    readonly repo: ResidentPointsRepository,
    private readonly outbox: OutboxWriter,
    private readonly pii: PiiCipher,
  ) {}

  private view(r: ResidentRow, actor: Actor): ResidentHolderView {
    return {
      id: r.id,
      ...pointsHolderView(r, actor, this.pii),
      gridPath: r.grid_path,
      createdAt: iso(r.created_at)!,
    };
  }

  private entryView(l: { id: string; resident_id: string; delta: number; balance_after: number; reason: string; activity_date: string | null; exchange_id: string | null; note: string | null; created_at: Date }): ResidentPointsEntryView {
    return {
      id: l.id, residentId: l.resident_id, delta: num(l.delta), balanceAfter: num(l.balance_after), reason: l.reason, activityDate: l.activity_date,
      exchangeId: l.exchange_id, note: l.note, createdAt: iso(l.created_at)!,
    };
  }

  /** A resident holder inside the actor's scope, or 404. */
  async visible(id: string, actor: Actor, m?: EntityManager): Promise<ResidentRow> {
    const r = await this.repo.find(id, m);
    if (!r || !isWithinScope(r.grid_path, actor.scope)) throw new AppError(SocialErrorCode.ResidentNotFound, `Resident points holder ${id} not found`, { id });
    return r;
  }

  async register(actor: Actor, req: RegisterResidentHolder.Request): Promise<ResidentHolderView> {
    requireAwardResidentPoints(actor);
    requireInScope(actor, req.gridPath);
    const id = await this.repo.insert({
      name: req.name, phoneEnc: req.phone ? this.pii.encrypt(req.phone) : null, phoneHash: req.phone ? this.pii.hash(req.phone) : null, gridPath: req.gridPath, createdBy: actor.id,
    });
    if (!id) throw new AppError(CommonErrorCode.Conflict, 'A resident with this phone already holds points in this grid', { field: 'phone' });
    return this.view((await this.repo.find(id))!, actor);
  }

  async get(actor: Actor, req: GetResidentHolder.Request): Promise<GetResidentHolder.Reply> {
    if (!SocialPolicy.canRead(actor) && !SocialPolicy.canAwardResidentPoints(actor)) throw AppError.forbidden('This account cannot read residents\' points');
    const r = await this.visible(req.id, actor);
    return { ...this.view(r, actor), ledger: (await this.repo.ledger(r.id)).map((l: never) => this.entryView(l)) };
  }

  /** One ledger row per award, in one transaction with the balance and the `social.points.earned` event. */
  async award(actor: Actor, req: AwardResidentPoints.Request): Promise<AwardResidentPoints.Reply> {
    requireAwardResidentPoints(actor);
    if (req.activityDate > streetToday()) throw AppError.validation([{ field: 'activityDate', messages: ['activityDate cannot be in the future'] }]);
    return this.repo.ds.transaction(async (m) => {
      const r = await this.visible(req.residentId, actor, m);
      const row = await this.repo.earn(m, { residentId: r.id, points: req.points, activity: req.activity, activityDate: req.activityDate, createdBy: actor.id });
      const data: PointsChangedData = { volunteerId: null, residentId: r.id, delta: req.points, balance: num(row.balance_after), reason: 'activity', serviceRequestId: null, exchangeId: null, gridPath: r.grid_path };
      await this.outbox.add(m, { type: SocialEvents.PointsEarned, gridPath: r.grid_path, data });
      return { ...this.entryView(row), balance: num(row.balance_after) };
    });
  }

  /** Takes points inside the exchange's transaction; 409 when the balance is short (never negative). */
  async spendIn(m: EntityManager, e: { resident: ResidentRow; points: number; exchangeId: string; note: string }, actor: Actor): Promise<number> {
    const balance = await this.repo.spend(m, { residentId: e.resident.id, points: e.points, exchangeId: e.exchangeId, note: e.note, createdBy: actor.id });
    if (balance === null) {
      const now = await this.repo.find(e.resident.id, m);
      throw new AppError(SocialErrorCode.InsufficientPoints, `Resident has ${num(now?.points_balance)} points; ${e.points} needed`, { balance: num(now?.points_balance), needed: e.points });
    }
    const data: PointsChangedData = { volunteerId: null, residentId: e.resident.id, delta: -e.points, balance, reason: 'exchange', serviceRequestId: null, exchangeId: e.exchangeId, gridPath: e.resident.grid_path };
    await this.outbox.add(m, { type: SocialEvents.PointsSpent, gridPath: e.resident.grid_path, data });
    return balance;
  }
}
