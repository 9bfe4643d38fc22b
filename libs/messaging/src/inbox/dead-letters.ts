import { DiscardPolicy, headers as natsHeaders, JsMsg, NatsConnection, nanos, RetentionPolicy, StorageType } from 'nats';

/**
 * Dead letters: events a consumer can never apply (a domain refusal, an undecodable message) or
 * gave up on after its last delivery. They leave the event stream's consumer (acknowledged) and
 * wait here, with the reason, until an operator replays or discards them (docs/operations.md,
 * `npm run dead-letters`). Nothing is lost and nothing is retried forever.
 */
export const DEAD_LETTER_STREAM = 'GRID122_DEAD_LETTERS';
export const DEAD_LETTER_SUBJECT_PREFIX = 'dlq.';

export const DeadLetterHeader = {
  Consumer: 'Grid122-Consumer',
  Subject: 'Grid122-Subject',
  StreamSeq: 'Grid122-Stream-Seq',
  EventId: 'Grid122-Event-Id',
  EventType: 'Grid122-Event-Type',
  Reason: 'Grid122-Reason',
  Code: 'Grid122-Code',
  Deliveries: 'Grid122-Deliveries',
  DeadAt: 'Grid122-Dead-At',
} as const;

/** On a replayed event: the one consumer it is meant for (every other consumer skips it). */
export const REPLAY_FOR_HEADER = 'Grid122-Replay-For';

export interface DeadLetterStreamOptions {
  replicas?: number;
  /** Room for dead letters; when full, new ones are refused and the event stays redelivered. */
  maxBytes?: number;
}

export interface DeadLetter {
  /** Sequence in the dead-letter stream: the handle to replay or discard it. */
  seq: number;
  consumer: string;
  subject: string;
  eventId: string | null;
  eventType: string | null;
  /** Sequence of the original message in the event stream. */
  streamSeq: number;
  reason: string;
  code: string | null;
  deliveries: number;
  deadAt: string;
  data: Uint8Array;
}

export interface DeadLetterInput {
  consumer: string;
  msg: JsMsg;
  eventId?: string;
  eventType?: string;
  reason: string;
  code?: string;
}

export function deadLetterStreamConfig(opts: DeadLetterStreamOptions = {}) {
  return {
    name: DEAD_LETTER_STREAM,
    subjects: [`${DEAD_LETTER_SUBJECT_PREFIX}>`],
    storage: StorageType.File,
    retention: RetentionPolicy.Limits,
    // Never drop a dead letter to make room: refuse the new one (its event stays in the consumer).
    discard: DiscardPolicy.New,
    max_bytes: opts.maxBytes ?? 256 * 1024 * 1024,
    duplicate_window: nanos(2 * 60 * 1000),
    num_replicas: opts.replicas ?? 1,
  };
}

const header = (h: { get(k: string): string } | undefined, k: string) => h?.get(k) || '';

export class DeadLetters {
  constructor(private readonly nc: () => NatsConnection) {}

  /** Parks one delivery. Deduplicated per (consumer, stream sequence): a retried park is harmless. */
  async add(d: DeadLetterInput): Promise<void> {
    const h = natsHeaders();
    h.set(DeadLetterHeader.Consumer, d.consumer);
    h.set(DeadLetterHeader.Subject, d.msg.subject);
    h.set(DeadLetterHeader.StreamSeq, String(d.msg.seq));
    if (d.eventId) h.set(DeadLetterHeader.EventId, d.eventId);
    if (d.eventType) h.set(DeadLetterHeader.EventType, d.eventType);
    // Header values are one line.
    h.set(DeadLetterHeader.Reason, d.reason.replace(/[\r\n]+/g, ' ').slice(0, 1000));
    if (d.code) h.set(DeadLetterHeader.Code, d.code);
    h.set(DeadLetterHeader.Deliveries, String(d.msg.info.redeliveryCount));
    h.set(DeadLetterHeader.DeadAt, new Date().toISOString());
    await this.nc()
      .jetstream()
      .publish(`${DEAD_LETTER_SUBJECT_PREFIX}${d.consumer}`, d.msg.data, { headers: h, msgID: `${d.consumer}:${d.msg.seq}`, timeout: 5000 });
  }

  /** The dead letters, oldest first (optionally one consumer's). */
  async list(opts: { consumer?: string; limit?: number } = {}): Promise<DeadLetter[]> {
    const jsm = await this.nc().jetstreamManager();
    let info;
    try {
      info = await jsm.streams.info(DEAD_LETTER_STREAM);
    } catch {
      return [];
    }
    const out: DeadLetter[] = [];
    const limit = opts.limit ?? 1000;
    for (let seq = info.state.first_seq; seq <= info.state.last_seq && out.length < limit && info.state.messages > 0; seq++) {
      const letter = await this.get(seq);
      if (letter && (!opts.consumer || letter.consumer === opts.consumer)) out.push(letter);
    }
    return out;
  }

  async get(seq: number): Promise<DeadLetter | null> {
    const jsm = await this.nc().jetstreamManager();
    let m;
    try {
      m = await jsm.streams.getMessage(DEAD_LETTER_STREAM, { seq });
    } catch {
      return null; // deleted (replayed or discarded)
    }
    const h = m.header;
    return {
      seq: m.seq,
      consumer: header(h, DeadLetterHeader.Consumer),
      subject: header(h, DeadLetterHeader.Subject),
      eventId: header(h, DeadLetterHeader.EventId) || null,
      eventType: header(h, DeadLetterHeader.EventType) || null,
      streamSeq: Number(header(h, DeadLetterHeader.StreamSeq)),
      reason: header(h, DeadLetterHeader.Reason),
      code: header(h, DeadLetterHeader.Code) || null,
      deliveries: Number(header(h, DeadLetterHeader.Deliveries)),
      deadAt: header(h, DeadLetterHeader.DeadAt),
      data: m.data,
    };
  }

  /**
   * Publishes the event again on its own subject, marked for its one consumer (the others skip it;
   * their inboxes would ignore it anyway), then removes the dead letter. The consumer's inbox has
   * no row for a refused event, so the handler runs again.
   */
  async replay(seq: number): Promise<DeadLetter | null> {
    const letter = await this.get(seq);
    if (!letter) return null;
    const h = natsHeaders();
    h.set(REPLAY_FOR_HEADER, letter.consumer);
    await this.nc().jetstream().publish(letter.subject, letter.data, { headers: h, msgID: `replay:${DEAD_LETTER_STREAM}:${seq}`, timeout: 5000 });
    await this.discard(seq);
    return letter;
  }

  async discard(seq: number): Promise<boolean> {
    const jsm = await this.nc().jetstreamManager();
    try {
      return await jsm.streams.deleteMessage(DEAD_LETTER_STREAM, seq, false);
    } catch {
      return false;
    }
  }
}
