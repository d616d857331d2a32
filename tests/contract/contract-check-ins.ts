import type { Storage } from '../../bot/storage/ports';
import { answer, at, DAY, HOUR, installation, MINUTE, person, reference, session, uid } from './builders';
import type { Contract } from './storage.contract';

/** Installations, check-ins and meeting settings. */
export function checkInsContract(c: Contract): void {
  const { driver, instances } = c;
  let storage: Storage;
  beforeEach(() => {
    storage = c.storage;
  });

  describe(`${driver}: installations`, () => {
    test('an installation is new the first time; installing again refreshes it and keeps who installed it first', async () => {
      const first = installation({ installedBy: 'aad-ada' });
      expect(await storage.installations.upsert(first)).toEqual({ created: true });
      const again = { ...first, teamName: 'Platform & Infra', installedBy: 'aad-bob', installedAt: at(DAY) };
      expect(await storage.installations.upsert(again)).toEqual({ created: false });
      expect(await storage.installations.get(first.conversationId)).toEqual({ ...first, teamName: 'Platform & Infra' });
      expect(await storage.installations.get('19:unknown@thread.tacv2')).toBeUndefined();
    });

    test('reinstalling after Hallway was removed counts as a new installation again', async () => {
      const inst = installation();
      await storage.installations.upsert(inst);
      await storage.privacy.markRemoved(inst.conversationId, at(HOUR));
      expect(await storage.installations.upsert(inst)).toEqual({ created: true });
      expect(await storage.installations.upsert(inst)).toEqual({ created: false });
    });

    test('when ten servers store the same new installation at once, exactly one of them creates it', async () => {
      const inst = installation();
      const results = await Promise.all((await instances(10)).map((s) => s.installations.upsert(inst)));
      expect(results.filter((r) => r.created)).toHaveLength(1);
    });

    test('a conversation reference larger than 64 KB is stored whole', async () => {
      const inst = installation({ reference: { ...reference('19:big@thread.tacv2'), padding: 'x'.repeat(100_000) } });
      await storage.installations.upsert(inst);
      expect((await storage.installations.get(inst.conversationId))!.reference).toEqual(inst.reference);
    });

    test('ids with slashes, hashes, question marks, quotes, pipes and control characters are stored and found like any other', async () => {
      for (const conversationId of ['a/b\\c#d?e', "it's|~odd", 'tab\there\u0001', '日本語 チャット', '']) {
        const inst = installation({ conversationId, teamId: undefined });
        expect(await storage.installations.upsert(inst)).toEqual({ created: true });
        expect(await storage.installations.get(conversationId)).toEqual(inst);
      }
      expect(await storage.installations.get('a/b\\c#d')).toBeUndefined();
      const s = session({ conversationId: 'chat/with#odd?id', occurrenceKey: 'meeting/1#2?3' });
      expect(await storage.checkIns.create(s)).toEqual({ kind: 'created' });
      expect((await storage.checkIns.findOpen('chat/with#odd?id'))?.id).toBe(s.id);
    });
  });

  describe(`${driver}: check-ins`, () => {
    test('a new check-in can be read back, and is the open check-in of its chat', async () => {
      const s = session();
      expect(await storage.checkIns.create(s)).toEqual({ kind: 'created' });
      expect(await storage.checkIns.get(s.id)).toEqual(s);
      expect(await storage.checkIns.findOpen(s.address.conversationId)).toEqual(s);
      expect(await storage.checkIns.findOpen('19:other@thread.v2')).toBeUndefined();
      expect(await storage.checkIns.get('no-such-session')).toBeUndefined();
    });

    test('an occurrence never gets a second check-in, even after the first one closed', async () => {
      const first = session();
      await storage.checkIns.create(first);
      const second = { ...session({ conversationId: first.address.conversationId }), occurrenceKey: first.occurrenceKey };
      expect(await storage.checkIns.create(second)).toEqual({ kind: 'duplicate-occurrence', existing: first });
      await storage.checkIns.close(first.id, at(HOUR));
      const result = await storage.checkIns.create(second);
      expect(result.kind).toBe('duplicate-occurrence');
      expect(result.kind !== 'created' && result.existing.id).toBe(first.id);
      expect(await storage.checkIns.get(second.id)).toBeUndefined();
    });

    test('a chat has one open check-in at a time; once it is closed, the next one opens', async () => {
      const first = session();
      await storage.checkIns.create(first);
      const next = session({ conversationId: first.address.conversationId, startedAt: at(HOUR) });
      expect(await storage.checkIns.create(next)).toEqual({ kind: 'already-open', existing: first });
      expect(await storage.checkIns.close(first.id, at(HOUR))).toBe(true);
      expect(await storage.checkIns.create(next)).toEqual({ kind: 'created' });
      expect((await storage.checkIns.findOpen(first.address.conversationId))?.id).toBe(next.id);
    });

    test('when ten servers start a check-in for the same meeting at once, exactly one is created and the others are told which', async () => {
      const conversationId = `19:meeting_${uid('race')}@thread.v2`;
      const sessions = Array.from({ length: 10 }, () => ({
        ...session({ conversationId }),
        occurrenceKey: 'meeting-race|2026-03-02T09:00:00.000Z',
      }));
      const servers = await instances(10);
      const results = await Promise.all(sessions.map((s, i) => servers[i]!.checkIns.create(s)));
      const winner = sessions[results.findIndex((r) => r.kind === 'created')]!;
      expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
      // The nine others each name the winner, whichever of the two refusals they got.
      expect(results.flatMap((r) => (r.kind === 'created' ? [] : [r.existing.id]))).toEqual(Array(9).fill(winner.id));
      expect((await storage.checkIns.findOpen(conversationId))?.id).toBe(winner.id);
    });

    test('when ten servers open check-ins for different meetings in one chat at once, only one opens', async () => {
      const conversationId = `19:${uid('chat')}@thread.v2`;
      const sessions = Array.from({ length: 10 }, () => session({ conversationId }));
      const servers = await instances(10);
      const results = await Promise.all(sessions.map((s, i) => servers[i]!.checkIns.create(s)));
      const winner = sessions[results.findIndex((r) => r.kind === 'created')]!;
      expect(results.filter((r) => r.kind === 'created')).toHaveLength(1);
      expect(results.filter((r) => r.kind === 'already-open' && r.existing.id === winner.id)).toHaveLength(9);
    });

    test('a check-in closes once, and remembers when', async () => {
      const s = session();
      await storage.checkIns.create(s);
      expect(await storage.checkIns.close(s.id, at(HOUR))).toBe(true);
      expect(await storage.checkIns.close(s.id, at(2 * HOUR))).toBe(false);
      expect(await storage.checkIns.get(s.id)).toEqual({ ...s, status: 'closed', closedAt: at(HOUR) });
      expect(await storage.checkIns.findOpen(s.address.conversationId)).toBeUndefined();
      expect(await storage.checkIns.close('no-such-session', at(HOUR))).toBe(false);
    });

    test('a check-in whose card could not be posted is discarded, and the same occurrence can then start again', async () => {
      const s = session();
      await storage.checkIns.create(s);
      await storage.checkIns.discard(s.id);
      expect(await storage.checkIns.get(s.id)).toBeUndefined();
      expect(await storage.checkIns.findOpen(s.address.conversationId)).toBeUndefined();
      expect(await storage.checkIns.questionHistory(s.seriesKey)).toEqual([]);
      const retry = { ...session({ conversationId: s.address.conversationId }), occurrenceKey: s.occurrenceKey };
      expect(await storage.checkIns.create(retry)).toEqual({ kind: 'created' });
    });

    test('the posted card is remembered by its message id', async () => {
      const s = session();
      await storage.checkIns.create(s);
      await storage.checkIns.setMessageId(s.id, '1:1710000000000');
      expect((await storage.checkIns.get(s.id))?.messageId).toBe('1:1710000000000');
    });

    test('a later answer from the same person replaces theirs, and keeps the sign-in name looked up before', async () => {
      const s = session();
      const priya = person('Priya');
      await storage.checkIns.create(s);
      await storage.checkIns.saveAnswer(answer(s, priya, { mood: 'low', note: 'Tired' }));
      await storage.checkIns.setAnswerUpn(s.id, priya.userId, priya.upn);
      await storage.checkIns.saveAnswer(answer(s, priya, { mood: 'great', note: 'Better after lunch', answeredAt: at(MINUTE) }));
      expect(await storage.checkIns.getAnswer(s.id, priya.userId)).toEqual(
        answer(s, priya, {
          mood: 'great',
          note: 'Better after lunch',
          answeredAt: at(MINUTE),
          person: { userId: priya.userId, aadObjectId: priya.aadObjectId, name: priya.name, upn: priya.upn },
        }),
      );
      await storage.checkIns.saveAnswer(
        answer(s, priya, { mood: undefined, note: undefined, skipped: true, visibility: 'private', answeredAt: at(2 * MINUTE) }),
      );
      const skipped = (await storage.checkIns.getAnswer(s.id, priya.userId))!;
      expect(skipped).toMatchObject({ skipped: true, visibility: 'private', mood: undefined, note: undefined });
      expect(await storage.checkIns.listAnswers(s.id)).toHaveLength(1);
    });

    test('when twenty people answer at once on two servers, every answer is kept, newest first', async () => {
      const s = session();
      await storage.checkIns.create(s);
      const [a, b] = await instances(2);
      const people = Array.from({ length: 20 }, (_, i) => person(`Person${i}`));
      await Promise.all(people.map((p, i) => (i % 2 ? a! : b!).checkIns.saveAnswer(answer(s, p, { answeredAt: at(i * 1000) }))));
      const answers = await storage.checkIns.listAnswers(s.id);
      expect(answers.map((x) => x.person.userId)).toEqual(people.map((p) => p.userId).reverse());
    });

    test('when one person answers twice at the same moment on two servers, one answer remains', async () => {
      const s = session();
      const priya = person('Priya');
      await storage.checkIns.create(s);
      const [a, b] = await instances(2);
      await Promise.all([a!.checkIns.saveAnswer(answer(s, priya, { mood: 'great' })), b!.checkIns.saveAnswer(answer(s, priya, { mood: 'rough' }))]);
      const answers = await storage.checkIns.listAnswers(s.id);
      expect(answers).toHaveLength(1);
      expect(['great', 'rough']).toContain(answers[0]!.mood);
    });

    test('a sign-in name for an answer that does not exist changes nothing', async () => {
      const s = session();
      await storage.checkIns.create(s);
      await storage.checkIns.setAnswerUpn(s.id, '29:nobody', 'nobody@contoso.example');
      expect(await storage.checkIns.getAnswer(s.id, '29:nobody')).toBeUndefined();
      expect(await storage.checkIns.listAnswers(s.id)).toEqual([]);
    });

    test("a series' question history lists its questions oldest first, and only its own", async () => {
      const conversationId = `19:${uid('chat')}@thread.v2`;
      for (const [i, q] of ['q-coffee', 'q-music', 'q-books'].entries()) {
        const s = session({ conversationId, seriesKey: 'series-standup', questionId: q, startedAt: at(i * DAY) });
        expect(await storage.checkIns.create(s)).toEqual({ kind: 'created' });
        await storage.checkIns.close(s.id, at(i * DAY + HOUR));
      }
      await storage.checkIns.create(session({ seriesKey: 'series-retro', questionId: 'q-other' }));
      expect(await storage.checkIns.questionHistory('series-standup')).toEqual(['q-coffee', 'q-music', 'q-books']);
      expect(await storage.checkIns.questionHistory('series-none')).toEqual([]);
    });

    test('meeting settings are kept per meeting, and replaced as a whole', async () => {
      const settings = {
        enabled: true,
        questionBank: 'custom' as const,
        customQuestions: ['How are you, really?'],
        summaryAtEnd: false,
        defaultVisibility: 'private' as const,
      };
      await storage.meetingSettings.put('meeting-a', settings);
      expect(await storage.meetingSettings.get('meeting-a')).toEqual(settings);
      await storage.meetingSettings.put('meeting-a', { ...settings, enabled: false, customQuestions: [] });
      expect(await storage.meetingSettings.get('meeting-a')).toEqual({ ...settings, enabled: false, customQuestions: [] });
      expect(await storage.meetingSettings.get('meeting-b')).toBeUndefined();
    });
  });
}
