import type Database from 'better-sqlite3';
import type { Installation, Installations } from '../../domain/installations';
import type { InstallationRow } from './rows';

export function sqliteInstallations(db: Database.Database): Installations {
  const select = db.prepare('SELECT * FROM installations WHERE conversation_id = ?');
  const insert = db.prepare(`
    INSERT INTO installations (conversation_id, tenant_id, conversation_type, team_id, team_name, reference, installed_by, installed_at, updated_at)
    VALUES (@conversationId, @tenantId, @conversationType, @teamId, @teamName, @reference, @installedBy, @installedAt, @installedAt)
    ON CONFLICT (conversation_id) DO NOTHING`);
  const refresh = db.prepare(`
    UPDATE installations SET tenant_id = @tenantId, conversation_type = @conversationType, team_id = @teamId,
      team_name = @teamName, reference = @reference, updated_at = @installedAt, removed_at = NULL
    WHERE conversation_id = @conversationId`);

  return {
    async upsert(inst) {
      const params = {
        conversationId: inst.conversationId,
        tenantId: inst.tenantId,
        conversationType: inst.conversationType,
        teamId: inst.teamId ?? null,
        teamName: inst.teamName ?? null,
        reference: JSON.stringify(inst.reference),
        installedBy: inst.installedBy ?? null,
        installedAt: inst.installedAt.getTime(),
      };
      return db
        .transaction(() => {
          if (insert.run(params).changes === 1) return { created: true };
          // Reinstalled after a removal (within the grace period, so the data is still there).
          const wasRemoved = (select.get(inst.conversationId) as InstallationRow | undefined)?.removed_at != null;
          refresh.run(params);
          return { created: wasRemoved };
        })
        .immediate();
    },
    async get(conversationId) {
      const row = select.get(conversationId) as InstallationRow | undefined;
      return row ? toInstallation(row) : undefined;
    },
  };
}

function toInstallation(row: InstallationRow): Installation {
  return {
    conversationId: row.conversation_id as string,
    tenantId: row.tenant_id as string,
    conversationType: row.conversation_type as Installation['conversationType'],
    teamId: (row.team_id as string | null) ?? undefined,
    teamName: (row.team_name as string | null) ?? undefined,
    reference: JSON.parse(row.reference as string),
    installedBy: (row.installed_by as string | null) ?? undefined,
    installedAt: new Date(row.installed_at as number),
    ...(row.removed_at != null && { removedAt: new Date(row.removed_at) }),
  };
}
