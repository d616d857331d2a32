import type { Installation, Installations } from '../../domain/installations';
import type { People } from './azure-people';
import { CONFLICT, optimistic, type Tables } from './azure-table';
import { getJson, iso, key, putJson, toDate } from './keys';

/** Installations: partition = conversation id, one row. */
export function azureInstallations(tables: Tables, people: People): Installations {
  const t = tables.installations;
  const RK = 'installation';
  const entity = (inst: Installation, installedBy: string | undefined, installedAt: string) => {
    const e: Record<string, unknown> = {
      partitionKey: key(inst.conversationId),
      rowKey: RK,
      conversationId: inst.conversationId,
      tenantId: inst.tenantId,
      conversationType: inst.conversationType,
      teamId: inst.teamId,
      teamName: inst.teamName,
      installedBy,
      installedAt,
      updatedAt: iso(inst.installedAt),
    };
    putJson(e, 'reference', inst.reference);
    return e as { partitionKey: string; rowKey: string };
  };
  return {
    async upsert(inst) {
      return optimistic('installations.upsert', async () => {
        const existing = await t.get(key(inst.conversationId), RK);
        if (!existing) {
          await people.note({ table: 'installations', pk: key(inst.conversationId), rk: RK }, [inst.installedBy]);
          return (await t.create(entity(inst, inst.installedBy, iso(inst.installedAt)))) ? { created: true } : CONFLICT;
        }
        // Reinstalled after a removal (within the grace period, so the data is still there).
        const wasRemoved = existing.removedAt !== undefined;
        const next = entity(inst, existing.installedBy as string | undefined, existing.installedAt as string);
        return (await t.replace(next, existing.etag)) ? { created: wasRemoved } : CONFLICT;
      });
    },
    async get(conversationId) {
      const e = await t.get(key(conversationId), RK);
      if (!e) return undefined;
      return {
        conversationId: e.conversationId as string,
        tenantId: e.tenantId as string,
        conversationType: e.conversationType as Installation['conversationType'],
        teamId: e.teamId as string | undefined,
        teamName: e.teamName as string | undefined,
        reference: getJson(e, 'reference'),
        installedBy: e.installedBy as string | undefined,
        installedAt: toDate(e.installedAt)!,
        ...(e.removedAt !== undefined && { removedAt: toDate(e.removedAt) }),
      };
    },
  };
}
