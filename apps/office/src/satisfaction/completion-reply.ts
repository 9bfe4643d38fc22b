import { ClosureType } from '@grid122/contracts';

/**
 * 办结回复: what the reporter is told at closure. The commander writes it (`close {reply}`); when
 * not written, it is composed in Chinese from the closure and the unit's result, so the reporter
 * never reads a closure code or an internal reference.
 */
export function completionReply(c: { closureType: ClosureType; result: string | null; responsibleParty?: string | null; note?: string | null; reply?: string | null }): string {
  if (c.reply?.trim()) return c.reply.trim();
  const what = (c.note ?? c.result ?? '').trim();
  const said = what ? `：${what}` : '';
  switch (c.closureType) {
    case ClosureType.Fixed:
      return `您反映的问题已办结${c.result?.trim() ? `：${c.result.trim()}` : '，问题已解决'}。感谢您的监督！`;
    case ClosureType.NotResponsible:
      return `经核实，您反映的问题不属于本街道职责${c.responsibleParty ? `，责任方为${c.responsibleParty}，请向其反映` : ''}${said}。`;
    case ClosureType.Referred:
      return `您反映的问题已转交其他部门办理${said}。`;
    default:
      return `您反映的问题已结案，暂未能解决${said}。`;
  }
}
