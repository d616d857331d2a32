/**
 * The made-up organisation that the local host page (/dev) plays: two teams of one tenant, a
 * group chat, a meeting with its chat, and a team of another tenant. Only used in local mode, never with Teams.
 */
export type DevPerson = { name: string; aadObjectId: string; userId: string; upn: string; tenantId: string };
export type DevPlace =
  | {
      kind: 'team';
      id: string;
      name: string;
      tenantId: string;
      members: string[];
      installedBy: string;
      channelId: string;
      aadGroupId: string;
    }
  | { kind: 'chat'; id: string; name: string; tenantId: string; members: string[]; installedBy: string }
  | {
      kind: 'meeting';
      id: string;
      name: string;
      tenantId: string;
      members: string[];
      installedBy: string;
      chatId: string;
      organiser: string;
    };

export const DEV_TENANT = '00000000-0000-4000-8000-00000000d001';
export const OTHER_DEV_TENANT = '00000000-0000-4000-8000-00000000d002';

function person(key: string, name: string, n: number, tenantId = DEV_TENANT): DevPerson {
  return {
    name,
    aadObjectId: `00000000-0000-4000-a000-${n.toString(16).padStart(12, '0')}`,
    userId: `29:dev-${key}`,
    upn: `${key}@hallway.example`,
    tenantId,
  };
}

export const DEV_PEOPLE: DevPerson[] = [
  person('ada', 'Ada Lovelace', 1),
  person('ben', 'Ben Okafor', 2),
  person('chen', 'Chen Wei', 3),
  person('dara', 'Dara Singh', 4),
  person('eli', 'Eli Cohen', 5),
  person('farah', 'Farah Haddad', 6),
  person('gus', 'Gus Larsen', 7),
  person('hana', 'Hana Sato', 8, OTHER_DEV_TENANT),
];

const id = (key: string) => DEV_PEOPLE.find((p) => p.userId === `29:dev-${key}`)!.aadObjectId;

export const DEV_PLACES: DevPlace[] = [
  {
    kind: 'team',
    id: '19:dev-design@thread.tacv2',
    channelId: '19:dev-design@thread.tacv2',
    aadGroupId: '00000000-0000-4000-b000-00000000000a',
    name: 'Design',
    tenantId: DEV_TENANT,
    members: ['ada', 'ben', 'chen', 'dara', 'eli'].map(id),
    installedBy: id('ada'),
  },
  {
    kind: 'team',
    id: '19:dev-platform@thread.tacv2',
    channelId: '19:dev-platform@thread.tacv2',
    aadGroupId: '00000000-0000-4000-b000-00000000000b',
    name: 'Platform',
    tenantId: DEV_TENANT,
    members: ['farah', 'gus', 'ben'].map(id),
    installedBy: id('farah'),
  },
  {
    kind: 'team',
    id: '19:dev-elsewhere@thread.tacv2',
    channelId: '19:dev-elsewhere@thread.tacv2',
    aadGroupId: '00000000-0000-4000-b000-00000000000c',
    name: 'Elsewhere Inc.',
    tenantId: OTHER_DEV_TENANT,
    members: [id('hana')],
    installedBy: id('hana'),
  },
  {
    kind: 'chat',
    id: '19:dev-lunch-crew@thread.v2',
    name: 'Lunch crew',
    tenantId: DEV_TENANT,
    members: ['chen', 'dara', 'gus'].map(id),
    installedBy: id('gus'),
  },
  {
    kind: 'meeting',
    id: 'MCMxOTpkZXYtd2Vla2x5QHRocmVhZC52MiMw',
    chatId: '19:meeting_dev-weekly@thread.v2',
    name: 'Weekly design sync',
    tenantId: DEV_TENANT,
    members: ['ada', 'ben', 'chen'].map(id),
    installedBy: id('ada'),
    organiser: id('ada'),
  },
];

export function devPerson(aadObjectId: string): DevPerson | undefined {
  return DEV_PEOPLE.find((p) => p.aadObjectId === aadObjectId);
}

/** The conversation Hallway is installed in: a team's id, a group chat's id, or a meeting's chat. */
export function conversationOf(place: DevPlace): string {
  return place.kind === 'meeting' ? place.chatId : place.id;
}

/** The place a conversation id belongs to. */
export function devPlaceOfConversation(conversationId: string): DevPlace | undefined {
  return DEV_PLACES.find((p) => conversationOf(p) === conversationId);
}
