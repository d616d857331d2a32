import type { DayAnswer } from '../domain/days/model';
import type { Storage } from '../storage/ports';
import { same, type Source, type StepContext, tally } from './migrate-kit';

/** One plan of days together with its answers, face-to-face requests, social plan and card. */
export async function copyDaysPlan(id: string, source: Source, target: Storage, ctx: StepContext): Promise<void> {
  const from = (await source.storage.days.get(id))!;
  const wrote = !same(from, await target.days.get(id));
  if (wrote) await target.days.save(from);
  tally(ctx, 'days together', wrote);

  // The directory ids kept beside answers and requests (no port returns them), so forget me finds them there too.
  const answerIds = new Map(
    (
      source.db.prepare('SELECT date, user_id, aad_object_id FROM days_answers WHERE plan_id = ?').all(id) as {
        date: string;
        user_id: string;
        aad_object_id: string | null;
      }[]
    ).map((r) => [`${r.date}\n${r.user_id}`, r.aad_object_id ?? undefined]),
  );
  const there = await target.days.answers(id);
  const key = (a: DayAnswer) => `${a.date}\n${a.userId}`;
  for (const answer of await source.storage.days.answers(id)) {
    const changed = !same(
      answer,
      there.find((t) => key(t) === key(answer)),
    );
    if (changed) await target.days.answer(answer, answerIds.get(key(answer)));
    tally(ctx, 'days answers', changed);
  }

  const talkIds = new Map(
    (
      source.db.prepare('SELECT id, from_aad_object_id, to_aad_object_id FROM days_talks WHERE plan_id = ?').all(id) as {
        id: string;
        from_aad_object_id: string | null;
        to_aad_object_id: string | null;
      }[]
    ).map((r) => [r.id, { from: r.from_aad_object_id ?? undefined, to: r.to_aad_object_id ?? undefined }]),
  );
  const talksThere = await target.days.talks(id);
  for (const talk of await source.storage.days.talks(id)) {
    const found = talksThere.find((t) => t.id === talk.id);
    if (!found) await target.days.askTalk(talk, talkIds.get(talk.id) ?? {});
    else if (!same(talk, found)) await target.days.setTalkStatus(id, talk.id, talk.status, talk.at);
    tally(ctx, 'days talk requests', !same(talk, found));
  }

  const seating = await source.storage.days.seating(id);
  if (seating) {
    const changed = !same(seating, await target.days.seating(id));
    if (changed) await target.days.saveSeating(seating);
    tally(ctx, 'days social plans', changed);
  }
  const message = await source.storage.days.cardMessage(id);
  if (message && message !== (await target.days.cardMessage(id))) await target.days.setCardMessage(id, message);
}
