import type Database from 'better-sqlite3';
import type { DayAnswer, DaysPlan, SeatingDay, TalkRequest } from '../../domain/days/model';
import type { DaysTogether } from '../../domain/days/ports';
import { FORGOTTEN, type PersonalData } from '../../domain/privacy-ports';

type PlanRow = {
  id: string;
  programme_id: string;
  dates: string;
  place: string;
  link: string | null;
  time_zone: string;
  organiser: string;
  channel_reference: string;
  created_at: number;
  cancelled_at: number | null;
};
type AnswerRow = { plan_id: string; date: string; user_id: string; aad_object_id: string | null; name: string; coming: number; at: number };
type SeatingRow = { plan_id: string; drawn_at: number; days: string };
type TalkRow = {
  id: string;
  plan_id: string;
  from_user_id: string;
  from_aad_object_id: string | null;
  from_name: string;
  to_user_id: string;
  to_aad_object_id: string | null;
  to_name: string;
  status: TalkRequest['status'];
  at: number;
};

export function sqliteDays(db: Database.Database): DaysTogether {
  const upsert = db.prepare(`
    INSERT INTO days_plans (id, programme_id, dates, place, link, time_zone, organiser, channel_reference, created_at, cancelled_at)
    VALUES (@id, @programmeId, @dates, @place, @link, @timeZone, @organiser, @channelReference, @createdAt, @cancelledAt)
    ON CONFLICT (id) DO UPDATE SET dates = excluded.dates, place = excluded.place, link = excluded.link, time_zone = excluded.time_zone,
      channel_reference = excluded.channel_reference, cancelled_at = excluded.cancelled_at, version = days_plans.version + 1`);
  const byId = db.prepare('SELECT * FROM days_plans WHERE id = ?');
  const list = db.prepare('SELECT * FROM days_plans WHERE programme_id = ? AND cancelled_at IS NULL ORDER BY dates, created_at');
  const active = db.prepare('SELECT * FROM days_plans WHERE cancelled_at IS NULL ORDER BY dates, created_at');
  const answer = db.prepare(`
    INSERT INTO days_answers (plan_id, date, user_id, aad_object_id, name, coming, at) VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (plan_id, date, user_id) DO UPDATE SET name = excluded.name, coming = excluded.coming, at = excluded.at,
      aad_object_id = coalesce(excluded.aad_object_id, days_answers.aad_object_id)`);
  const answers = db.prepare('SELECT * FROM days_answers WHERE plan_id = ? ORDER BY date, at, user_id');
  const saveSeating = db.prepare(
    'INSERT INTO days_seatings (plan_id, drawn_at, days) VALUES (?, ?, ?) ON CONFLICT (plan_id) DO UPDATE SET drawn_at = excluded.drawn_at, days = excluded.days',
  );
  const seating = db.prepare('SELECT * FROM days_seatings WHERE plan_id = ?');
  const askTalk = db.prepare(`
    INSERT INTO days_talks (id, plan_id, from_user_id, from_aad_object_id, from_name, to_user_id, to_aad_object_id, to_name, status, at)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const talks = db.prepare('SELECT * FROM days_talks WHERE plan_id = ? ORDER BY at, id');
  const setTalk = db.prepare('UPDATE days_talks SET status = ?, at = ? WHERE plan_id = ? AND id = ?');
  const recordMet = db.prepare(`
    INSERT INTO days_met (plan_id, user_id, aad_object_id, met, at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (plan_id, user_id) DO UPDATE SET met = excluded.met, at = excluded.at,
      aad_object_id = coalesce(excluded.aad_object_id, days_met.aad_object_id)`);
  const metAnswers = db.prepare('SELECT user_id, met FROM days_met WHERE plan_id = ? ORDER BY at, user_id');
  const setCard = db.prepare('UPDATE days_plans SET card_message_id = ? WHERE id = ?');
  const card = db.prepare('SELECT card_message_id FROM days_plans WHERE id = ?');

  return {
    async save(p) {
      upsert.run({
        id: p.id,
        programmeId: p.programmeId,
        dates: JSON.stringify(p.dates),
        place: p.place,
        link: p.link ?? null,
        timeZone: p.timeZone,
        organiser: p.organiser,
        channelReference: JSON.stringify(p.channelReference),
        createdAt: p.createdAt.getTime(),
        cancelledAt: p.cancelledAt?.getTime() ?? null,
      });
    },
    async get(id) {
      const row = byId.get(id) as PlanRow | undefined;
      return row ? toPlan(row) : undefined;
    },
    async list(programmeId) {
      return (list.all(programmeId) as PlanRow[]).map(toPlan);
    },
    async active() {
      return (active.all() as PlanRow[]).map(toPlan);
    },
    async answer(a, aadObjectId) {
      answer.run(a.planId, a.date, a.userId, aadObjectId ?? null, a.name, a.coming ? 1 : 0, a.at.getTime());
    },
    async answers(planId) {
      return (answers.all(planId) as AnswerRow[]).map(
        (r): DayAnswer => ({ planId: r.plan_id, date: r.date, userId: r.user_id, name: r.name, coming: r.coming === 1, at: new Date(r.at) }),
      );
    },
    async saveSeating(s) {
      saveSeating.run(s.planId, s.drawnAt.getTime(), JSON.stringify(s.days));
    },
    async seating(planId) {
      const row = seating.get(planId) as SeatingRow | undefined;
      return row ? { planId: row.plan_id, drawnAt: new Date(row.drawn_at), days: JSON.parse(row.days) as SeatingDay[] } : undefined;
    },
    async askTalk(t, ids) {
      askTalk.run(t.id, t.planId, t.fromUserId, ids.from ?? null, t.fromName, t.toUserId, ids.to ?? null, t.toName, t.status, t.at.getTime());
    },
    async talks(planId) {
      return (talks.all(planId) as TalkRow[]).map(
        (r): TalkRequest => ({
          id: r.id,
          planId: r.plan_id,
          fromUserId: r.from_user_id,
          fromName: r.from_name,
          toUserId: r.to_user_id,
          toName: r.to_name,
          status: r.status,
          at: new Date(r.at),
        }),
      );
    },
    async setTalkStatus(planId, requestId, status, at) {
      setTalk.run(status, at.getTime(), planId, requestId);
    },
    async recordMet(planId, userId, met, at, aadObjectId) {
      recordMet.run(planId, userId, aadObjectId ?? null, met ? 1 : 0, at.getTime());
    },
    async metAnswers(planId) {
      return (metAnswers.all(planId) as { user_id: string; met: number }[]).map((r) => ({ userId: r.user_id, met: r.met === 1 }));
    },
    async setCardMessage(planId, messageId) {
      setCard.run(messageId, planId);
    },
    async cardMessage(planId) {
      return (card.get(planId) as { card_message_id: string | null } | undefined)?.card_message_id ?? undefined;
    },
  };
}

function toPlan(r: PlanRow): DaysPlan {
  return {
    id: r.id,
    programmeId: r.programme_id,
    dates: JSON.parse(r.dates),
    place: r.place,
    link: r.link ?? undefined,
    timeZone: r.time_zone,
    organiser: r.organiser,
    channelReference: JSON.parse(r.channel_reference),
    createdAt: new Date(r.created_at),
    cancelledAt: r.cancelled_at == null ? undefined : new Date(r.cancelled_at),
  };
}

/** The Teams user ids found with a directory object id in days together's answers (forget and export by either id). */
export function daysUserIdsOf(db: Database.Database, aadObjectId: string): string[] {
  const rows = db
    .prepare(`
      SELECT user_id FROM days_answers WHERE aad_object_id = ?
      UNION SELECT from_user_id FROM days_talks WHERE from_aad_object_id = ?
      UNION SELECT to_user_id FROM days_talks WHERE to_aad_object_id = ?
      UNION SELECT user_id FROM days_met WHERE aad_object_id = ?`)
    .all(aadObjectId, aadObjectId, aadObjectId, aadObjectId) as Pick<AnswerRow, 'user_id'>[];
  return rows.map((r) => r.user_id);
}

/**
 * Forgets a person in days together, inside the caller's transaction: their answers go, their
 * place in drawn tables and walks becomes "forgotten" (so the others' plan stays), and a plan
 * they organised no longer names them. `ids` are their user ids and directory object id.
 */
export function forgetInDays(db: Database.Database, ids: string[]): string[] {
  const shown = new Set<string>();
  for (const id of ids) {
    // Seatings are JSON: look for the id as a whole JSON string, or "29:ab" would find "29:abc" too.
    const quoted = JSON.stringify(id);
    for (const r of db
      .prepare('SELECT plan_id FROM days_answers WHERE user_id = ? OR aad_object_id = ? UNION SELECT plan_id FROM days_seatings WHERE instr(days, ?) > 0')
      .all(id, id, quoted) as { plan_id: string }[])
      shown.add(r.plan_id);
    db.prepare('DELETE FROM days_answers WHERE user_id = ? OR aad_object_id = ?').run(id, id);
    db.prepare('DELETE FROM days_met WHERE user_id = ? OR aad_object_id = ?').run(id, id);
    // A face-to-face request names two people: it goes when either is forgotten.
    db.prepare('DELETE FROM days_talks WHERE ? IN (from_user_id, from_aad_object_id, to_user_id, to_aad_object_id)').run(id);
    db.prepare('UPDATE days_plans SET organiser = ? WHERE organiser = ?').run(FORGOTTEN, id);
    for (const r of db.prepare('SELECT plan_id, days FROM days_seatings WHERE instr(days, ?) > 0').all(quoted) as Pick<SeatingRow, 'plan_id' | 'days'>[]) {
      const swap = (group: string[]) => group.map((x) => (x === id ? FORGOTTEN : x));
      const days = (JSON.parse(r.days) as SeatingDay[]).map((d) => ({ ...d, tables: d.tables.map(swap), walks: d.walks.map(swap) }));
      db.prepare('UPDATE days_seatings SET days = ? WHERE plan_id = ?').run(JSON.stringify(days), r.plan_id);
    }
  }
  return [...shown];
}

/** Adds what days together holds about a person to their export. */
export function exportDays(db: Database.Database, ids: string[], data: PersonalData): void {
  for (const id of ids) {
    for (const r of db.prepare('SELECT plan_id, date, coming FROM days_answers WHERE user_id = ? ORDER BY date, plan_id').all(id) as Pick<
      AnswerRow,
      'plan_id' | 'date' | 'coming'
    >[])
      data.daysTogether.push({ planId: r.plan_id, date: r.date, coming: r.coming === 1 });
    for (const r of db.prepare('SELECT id, place FROM days_plans WHERE organiser = ? ORDER BY created_at').all(id) as Pick<PlanRow, 'id' | 'place'>[])
      data.daysOrganised.push({ planId: r.id, place: r.place });
    for (const r of db.prepare('SELECT plan_id, met FROM days_met WHERE user_id = ? ORDER BY at').all(id) as { plan_id: string; met: number }[])
      data.daysMetSomeoneNew.push({ planId: r.plan_id, met: r.met === 1 });
    for (const r of db.prepare('SELECT * FROM days_talks WHERE from_user_id = ? OR to_user_id = ? ORDER BY at').all(id, id) as TalkRow[]) {
      const asked = r.from_user_id === id;
      data.daysTalks.push({ planId: r.plan_id, asked, with: asked ? r.to_name : r.from_name, status: r.status });
    }
  }
}
