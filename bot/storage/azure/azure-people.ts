import { join, key } from './keys';
import { eachLimited, type Table, type TableRole } from './azure-table';

/** A row somewhere else that holds a person's id, name or words. */
export type Target = { table: TableRole; pk: string; rk: string };

/**
 * The person index (table People), so that "forget me" and "download my data" read one small
 * partition per identity instead of scanning every table, which Azure Tables could only do row
 * by row across all partitions.
 *
 * Partition: one identity, encoded: a Teams user id (29:...) or a directory object id.
 * Rows:
 *   t|<table>|<pk>|<rk>  a row elsewhere that holds this identity. Written BEFORE that row, so a
 *                        crash in between leaves a pointer to nothing (harmless), never a row
 *                        nobody can find.
 *   link|<identity>      the other identity seen together with this one (user id <-> object id),
 *                        stored both ways, so a person can be found by either.
 *
 * A check-in answer is the one write of a large meeting's burst, so its entry costs one request:
 * notePerson writes one trace in the partition of the directory id, naming the Teams id as
 * `identity` (a trace that is also a link). Whoever forgets or exports by directory id (the tab, an
 * administrator) or by both ids (the bot: Teams sends both with every message) finds it; by the
 * Teams id alone, only through a link written elsewhere.
 */
export class People {
  constructor(private readonly table: Table) {}

  /** Records that `target` holds each of `identities` (call before writing the target). */
  async note(target: Target, identities: (string | undefined)[]): Promise<void> {
    await Promise.all(unique(identities).map((id) => this.table.upsert({ partitionKey: key(id), rowKey: traceKey(target), ...target })));
  }

  /**
   * Records that `target` holds one person, known by their Teams id and, when Teams gave one, their
   * directory id: one upsert (see above). The trace names the Teams id as `identity`, so it links
   * the two as a link row does.
   */
  async notePerson(target: Target, userId: string, aadObjectId: string | undefined): Promise<void> {
    if (!aadObjectId || aadObjectId === userId) return this.table.upsert({ partitionKey: key(userId), rowKey: traceKey(target), ...target });
    await this.table.upsert({ partitionKey: key(aadObjectId), rowKey: traceKey(target), ...target, identity: userId });
  }

  /** Records that a Teams user id and a directory object id are the same person. */
  async link(userId: string, aadObjectId: string | undefined): Promise<void> {
    if (!aadObjectId || aadObjectId === userId) return;
    await Promise.all([
      this.table.upsert({ partitionKey: key(aadObjectId), rowKey: join('link', key(userId)), identity: userId }),
      this.table.upsert({ partitionKey: key(userId), rowKey: join('link', key(aadObjectId)), identity: aadObjectId }),
    ]);
  }

  async traces(identity: string): Promise<Target[]> {
    return (await this.table.partition(key(identity), 't')).map((e) => ({
      table: e.table as TableRole,
      pk: e.pk as string,
      rk: e.rk as string,
    }));
  }

  /** The other identities seen with this one: its link rows, and traces that name one (notePerson). */
  async linked(identity: string): Promise<string[]> {
    const rows = await this.table.partition(key(identity));
    return [...new Set(rows.map((e) => e.identity).filter((id): id is string => typeof id === 'string'))];
  }

  /** The target no longer holds these identities (it was deleted or rewritten). */
  async drop(target: Target, identities: (string | undefined)[]): Promise<void> {
    await Promise.all(unique(identities).map((id) => this.table.delete(key(id), traceKey(target))));
  }

  /** Deletes everything the index knows about an identity, links in both directions included. */
  async erase(identity: string): Promise<void> {
    const rows = await this.table.partition(key(identity));
    const others = new Set(rows.map((row) => row.identity).filter((id): id is string => typeof id === 'string'));
    for (const other of others) await this.table.delete(key(other), join('link', key(identity)));
    await this.table.deleteAll(rows);
  }

  /**
   * After data was deleted in bulk (a removed team's): identities left with nothing stored lose
   * their links too, so no id lingers in the index once a person's last row is gone.
   */
  async prune(identities: string[]): Promise<void> {
    await eachLimited(unique(identities), 8, async (id) => {
      if ((await this.traces(id)).length > 0) return;
      for (const other of await this.linked(id)) {
        if ((await this.traces(other)).length > 0) continue;
        await this.table.delete(key(other), join('link', key(id)));
        await this.table.delete(key(id), join('link', key(other)));
      }
    });
  }
}

/** Each part re-encoded, so '|' inside a composite key cannot make two targets collide. */
const traceKey = (t: Target) => join('t', t.table, key(t.pk), key(t.rk));

const unique = (ids: (string | undefined)[]): string[] => [...new Set(ids.filter((id): id is string => Boolean(id)))];
