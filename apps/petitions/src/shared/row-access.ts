import { DataSource, EntityManager } from 'typeorm';
import { Actor, PetitionsErrorCode } from '@grid122/contracts';
import { AppError } from '@grid122/messaging';
import { isWithinScope } from '@grid122/access';

/** A register's row as the state rules read it: where it lies and the state it is in. */
export interface StatefulRow {
  grid_path: string;
  state: string;
}

/**
 * The row the caller asked for, or `notFound` when there is none or it lies outside the caller's
 * scope: out of scope reads as not found, the caller learns nothing about other streets.
 */
export function visibleRow<R extends { grid_path: string }>(row: R | null | undefined, actor: Actor, notFound: () => AppError): R {
  if (!row || !isWithinScope(row.grid_path, actor.scope)) throw notFound();
  return row;
}

/** A register entry (floating population, special populations) that is not there or not the caller's. */
export const personNotFound = (id: string) => new AppError(PetitionsErrorCode.PersonNotFound, `Person ${id} not found`, { id });

/**
 * One state change (状态流转) of a petition, dispute or reception in one transaction: the row
 * locked (`lock`), visible to the caller (else `notFound`), in one of the states `from` (else
 * ILLEGAL_TRANSITION naming its state and the action), then `apply` with its writes and events.
 */
export async function changeState<R extends StatefulRow>(
  ds: DataSource,
  actor: Actor,
  change: { entity: string; action: string; from: readonly string[]; lock: (m: EntityManager) => Promise<R | null>; notFound: () => AppError },
  apply: (m: EntityManager, row: R) => Promise<void>,
): Promise<void> {
  await ds.transaction(async (m) => {
    const row = visibleRow(await change.lock(m), actor, change.notFound);
    if (!change.from.includes(row.state)) throw AppError.illegalTransition(change.entity, row.state, change.action);
    await apply(m, row);
  });
}
