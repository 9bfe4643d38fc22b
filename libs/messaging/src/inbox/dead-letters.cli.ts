import { NatsConnection } from 'nats';
import { DeadLetter, DeadLetters } from './dead-letters';

export const DEAD_LETTERS_USAGE = `dead-letters list [--consumer <name>] [--json]
dead-letters replay <seq>… | --all [--consumer <name>]
dead-letters discard <seq>…`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

const line = (l: DeadLetter) =>
  [String(l.seq).padStart(6), l.deadAt, l.consumer, l.eventType ?? l.subject, l.eventId ?? `stream#${l.streamSeq}`, `deliveries=${l.deliveries}`, `[${l.code ?? '-'}]`, l.reason].join('  ');

/**
 * The operator's command for dead letters (docs/operations.md): list them with their reasons,
 * replay one (or all of a consumer's) once the cause is fixed, or discard one for good.
 * Returns the process exit code.
 */
export async function runDeadLetterCommand(nc: NatsConnection, args: string[], out: (s: string) => void): Promise<number> {
  const letters = new DeadLetters(() => nc);
  const [verb, ...rest] = args;
  const consumer = option(rest, '--consumer');
  const seqs = rest.filter((a, i) => /^\d+$/.test(a) && rest[i - 1] !== '--consumer').map(Number);
  switch (verb) {
    case 'list': {
      const all = await letters.list({ consumer, limit: 10_000 });
      if (rest.includes('--json')) {
        for (const l of all) out(JSON.stringify({ ...l, data: new TextDecoder().decode(l.data) }));
      } else {
        out(all.length === 0 ? 'no dead letters' : `${all.length} dead letter(s): seq, parked at, consumer, event, id, deliveries, code, reason`);
        for (const l of all) out(line(l));
      }
      return 0;
    }
    case 'replay': {
      const targets = rest.includes('--all') ? (await letters.list({ consumer, limit: 10_000 })).map((l) => l.seq) : seqs;
      if (targets.length === 0) {
        out(`nothing to replay\n${DEAD_LETTERS_USAGE}`);
        return 1;
      }
      let missing = 0;
      for (const seq of targets) {
        const l = await letters.replay(seq);
        if (l) out(`replayed ${seq}: ${l.eventType ?? l.subject} ${l.eventId ?? ''} → ${l.consumer}`);
        else {
          missing++;
          out(`no dead letter ${seq}`);
        }
      }
      return missing > 0 ? 1 : 0;
    }
    case 'discard': {
      if (seqs.length === 0) {
        out(DEAD_LETTERS_USAGE);
        return 1;
      }
      let missing = 0;
      for (const seq of seqs) {
        const ok = await letters.discard(seq);
        out(ok ? `discarded ${seq}` : `no dead letter ${seq}`);
        if (!ok) missing++;
      }
      return missing > 0 ? 1 : 0;
    }
    default:
      out(DEAD_LETTERS_USAGE);
      return 1;
  }
}
