import { Injectable } from '@nestjs/common';
import { ListThemes, NoticeThemeRow, SYSTEM_ACTOR, ThemeView } from '@grid122/contracts';
import { RpcClient } from '@grid122/messaging';

/**
 * The month's themes (每月一题) for the notice: the office measures each theme's before/after
 * (`office.theme.list`, docs/hotspots.md); the notice prints them. Asked as the suite for the scope
 * the caller may read (checked by the report service before asking).
 */
@Injectable()
export class OfficeThemesClient {
  constructor(private readonly rpc: RpcClient) {}

  async forNotice(month: string, scope: string): Promise<NoticeThemeRow[]> {
    const req: ListThemes.Request = { month, ...(scope ? { root: scope } : {}) };
    const reply = await this.rpc.request<ListThemes.Reply>('office', ListThemes.subject, req, { actor: SYSTEM_ACTOR });
    return reply.items.map(noticeRow);
  }
}

export function noticeRow(t: ThemeView): NoticeThemeRow {
  const e = t.effect;
  return {
    title: t.title,
    categoryName: t.categoryName,
    places: t.places.map((p) => p.name).join('、'),
    ownerName: t.ownerName,
    units: t.units.map((u) => u.label).join('、'),
    departments: t.departments.join('、'),
    target: t.target.label,
    deadline: t.deadline,
    basis: `${e.basisLabel}：${e.before.from}～${e.before.to} 对 ${e.after.from}～${e.after.to}`,
    beforeFound: e.before.found,
    afterFound: e.after.found,
    changePct: e.changePct,
    status: e.targetMet === null ? '待观察' : e.targetMet ? '达标' : '未达标',
  };
}
