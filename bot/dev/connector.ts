import type { Request, Response, Server } from 'restify';
import { DEV_PEOPLE, DEV_PLACES, devPerson, devPlaceOfConversation, type DevPerson } from './directory';

/** What Hallway posted while running locally, newest last; the /dev page lists it. */
export type DevMessage = { conversationId: string; id: string; at: string; text?: string; cards: unknown[]; updated: boolean };

/**
 * The part of the Bot Connector API that Hallway calls, answered from the made-up organisation of
 * /dev: the bot posts, updates and opens 1:1 chats as with Teams, and rosters and meeting roles come
 * from the directory. Served under /dev/connector only in local mode.
 */
export function registerDevConnector(server: Server, base = '/dev/connector'): { messages: DevMessage[] } {
  const messages: DevMessage[] = [];
  let next = 1;

  function account(p: DevPerson) {
    return {
      id: p.userId,
      name: p.name,
      aadObjectId: p.aadObjectId,
      userPrincipalName: p.upn,
      email: p.upn,
      tenantId: p.tenantId,
      userRole: 'user',
    };
  }
  function membersOf(conversationId: string): DevPerson[] {
    const place = devPlaceOfConversation(conversationId);
    if (place) return place.members.map((m) => devPerson(m)!);
    const personal = /^a:dev-personal-(.+)$/.exec(conversationId);
    const who = personal ? DEV_PEOPLE.find((p) => p.userId === personal[1]) : undefined;
    return who ? [who] : [];
  }
  function record(req: Request, updated: boolean, id?: string): DevMessage {
    const body = (req.body ?? {}) as { text?: unknown; attachments?: { content?: unknown }[] };
    const message: DevMessage = {
      conversationId: String(req.params.conversationId),
      id: id ?? `dev-msg-${next++}`,
      at: new Date().toISOString(),
      text: typeof body.text === 'string' ? body.text : undefined,
      cards: (body.attachments ?? []).map((a) => a.content),
      updated,
    };
    messages.push(message);
    if (messages.length > 200) messages.shift();
    return message;
  }

  server.post(`${base}/v3/conversations/:conversationId/activities`, async (req: Request, res: Response) => {
    res.send(201, { id: record(req, false).id });
  });
  server.post(`${base}/v3/conversations/:conversationId/activities/:activityId`, async (req: Request, res: Response) => {
    res.send(201, { id: record(req, false).id });
  });
  server.put(`${base}/v3/conversations/:conversationId/activities/:activityId`, async (req: Request, res: Response) => {
    res.send(200, { id: record(req, true, String(req.params.activityId)).id });
  });
  server.post(`${base}/v3/conversations`, async (req: Request, res: Response) => {
    const userId = String((req.body as { members?: { id?: string }[] })?.members?.[0]?.id ?? '');
    res.send(201, { id: `a:dev-personal-${userId}` });
  });
  server.get(`${base}/v3/conversations/:conversationId/pagedmembers`, async (req: Request, res: Response) => {
    res.send(200, { members: membersOf(String(req.params.conversationId)).map(account) });
  });
  server.get(`${base}/v3/conversations/:conversationId/members`, async (req: Request, res: Response) => {
    res.send(200, membersOf(String(req.params.conversationId)).map(account));
  });
  server.get(`${base}/v3/conversations/:conversationId/members/:memberId`, async (req: Request, res: Response) => {
    const member = membersOf(String(req.params.conversationId)).find((p) => p.userId === req.params.memberId || p.aadObjectId === req.params.memberId);
    if (member) res.send(200, account(member));
    else res.send(404, { error: { code: 'MemberNotFoundInConversation', message: 'Not a member.' } });
  });
  server.get(`${base}/v1/meetings/:meetingId/participants/:participantId`, async (req: Request, res: Response) => {
    const place = DEV_PLACES.find((p) => p.kind === 'meeting' && p.id === req.params.meetingId);
    const who = devPerson(String(req.params.participantId));
    if (place?.kind !== 'meeting' || !who || !place.members.includes(who.aadObjectId)) {
      res.send(404, { error: { code: 'NotFound', message: 'Not a participant.' } });
      return;
    }
    res.send(200, {
      user: account(who),
      meeting: { role: place.organiser === who.aadObjectId ? 'Organizer' : 'Attendee', inMeeting: false },
      conversation: { id: place.chatId, conversationType: 'groupChat', isGroup: true },
    });
  });

  return { messages };
}
