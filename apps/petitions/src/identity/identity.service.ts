import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { Actor, IdentitySubject, ListIdentityAudit, PetitionsFileReply, PiiIdentityInput, PiiIdentityView } from '@grid122/contracts';
import { requestContext } from '@grid122/observability';
import { maskIdNumber, maskName, maskPhone, PiiCipher } from '@grid122/privacy';
import { PetitionsEnv } from '../config/petitions.env';
import { actorName, mayReadAudit, ensure, requireReveal } from './access.policy';
import { IdentityRepository } from './identity.repository';
import { watermarkedXlsx, WatermarkedSheet } from './xlsx-export';

/** Ciphertext columns of one identity, as stored. */
export interface StoredIdentity {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  hash: string | null;
}

/** A register's row whose identity columns are `name`, `id_number` and `phone` (special and floating people, dispute parties). */
export interface IdentityColumns {
  name: string | null;
  id_number: string | null;
  phone: string | null;
}

/** Who was revealed, for the audit: the subject's type and id, and the fields read. */
export interface RevealSubject {
  type: string;
  id: string | null;
  fields: string[];
}

/**
 * Protects identities (PIPL): encrypts name, ID number and phone, keys a hash for lookups (the ID
 * number when given, else the phone), shows them masked, and reveals them only with a reason that
 * goes to the audit in the same transaction as the read.
 */
@Injectable()
export class IdentityService {
  /** The petitions service's keys (identities, and the special people's registers: special-categories.ts). */
  readonly cipher: PiiCipher;

  constructor(
    env: PetitionsEnv,
    private readonly repo: IdentityRepository,
    private readonly ds: DataSource,
  ) {
    this.cipher = new PiiCipher(env.piiKeys('petitions'));
  }

  /** The keyed hash that identifies a person across petitions (ID number first, else phone). */
  personHash(i: { idNumber?: string | null; phone?: string | null }): string | null {
    if (i.idNumber) return this.cipher.hash(`id:${i.idNumber}`);
    if (i.phone) return this.cipher.hash(`ph:${i.phone}`);
    return null;
  }

  /** Every hash a stored row may hold for this person (each hash key still read), for lookups. */
  personHashes(i: { idNumber?: string | null; phone?: string | null }): string[] {
    if (i.idNumber) return this.cipher.hashes(`id:${i.idNumber}`);
    if (i.phone) return this.cipher.hashes(`ph:${i.phone}`);
    return [];
  }

  protect(i: PiiIdentityInput | null | undefined): StoredIdentity {
    if (!i) return { name: null, idNumber: null, phone: null, hash: null };
    return {
      name: this.cipher.encrypt(i.name),
      idNumber: i.idNumber ? this.cipher.encrypt(i.idNumber.toUpperCase()) : null,
      phone: i.phone ? this.cipher.encrypt(i.phone) : null,
      hash: this.personHash(i),
    };
  }

  /** The masked view every reader gets. */
  masked(s: { name: string | null; idNumber: string | null; phone: string | null }): PiiIdentityView {
    const p = this.plain(s);
    return { name: maskName(p.name), idNumber: maskIdNumber(p.idNumber), phone: maskPhone(p.phone), masked: true };
  }

  plain(s: { name: string | null; idNumber: string | null; phone: string | null }): PiiIdentityView {
    const d = (v: string | null) => (v ? this.cipher.decrypt(v) : null);
    return { name: d(s.name), idNumber: d(s.idNumber), phone: d(s.phone), masked: false };
  }

  /** The masked view of a register's row (`name`, `id_number`, `phone`). */
  maskedRow(r: IdentityColumns): PiiIdentityView {
    return this.masked({ name: r.name, idNumber: r.id_number, phone: r.phone });
  }

  /** The plain identity of a register's row (`name`, `id_number`, `phone`): only inside `reveal` or `exportXlsx`. */
  plainRow(r: IdentityColumns): PiiIdentityView {
    return this.plain({ name: r.name, idNumber: r.id_number, phone: r.phone });
  }

  /**
   * Reveals identities: the role check, the audit entry and the plain read (`read`) in one
   * transaction, so no identity is read in plain without its audit, nor audited without the read.
   */
  async reveal<T>(actor: Actor, subject: RevealSubject, reason: string, read: (m: EntityManager) => T | Promise<T>): Promise<T> {
    return this.ds.transaction(async (m) => {
      await this.audit(m, actor, { ...subject, reason });
      return read(m);
    });
  }

  /** An XLSX of identities: the export is audited (fields, reason, how many rows), then written watermarked with the exporter. */
  async exportXlsx(actor: Actor, fields: string[], sheet: WatermarkedSheet): Promise<PetitionsFileReply> {
    await this.ds.transaction((m) => this.audit(m, actor, { type: IdentitySubject.Export, id: null, fields, reason: sheet.reason, rows: sheet.rows.length }));
    return watermarkedXlsx(actor, sheet);
  }

  /** Checks the role and writes the audit entry (who, what, why, when) in the caller's transaction. */
  async audit(m: EntityManager, actor: Actor, subject: { type: string; id: string | null; fields: string[]; reason: string; rows?: number }): Promise<void> {
    requireReveal(actor);
    await this.repo.insert(m, {
      actorId: actor.id,
      actorName: actorName(actor),
      actorRole: actor.role,
      subjectType: subject.type,
      subjectId: subject.id,
      fields: subject.fields,
      reason: subject.reason,
      rows: subject.rows ?? 1,
      requestId: requestContext.requestId() ?? null,
    });
  }

  async listAudit(actor: Actor, req: ListIdentityAudit.Request): Promise<ListIdentityAudit.Reply> {
    ensure(mayReadAudit(actor), 'read the identity audit');
    return { items: await this.repo.list({ subjectType: req.subjectType, subjectId: req.subjectId, limit: req.limit ?? 100 }) };
  }
}
