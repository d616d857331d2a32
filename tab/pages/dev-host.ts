/**
 * The local Teams host (/dev, local mode only): embeds the tab in an iframe and answers the
 * teams-js host protocol the way Teams does ({ id, func, args } in, { id, args } out), with a
 * person, a place and a theme picked here and sign-in tokens from the server's local key.
 */
import '../tab.css';
import '../lib/fluent';
import { h, show } from '../lib/dom';
import { applyTheme, type TeamsTheme } from '../lib/theme';
import { renderCardPreview } from '../lib/card-preview';

type Person = { name: string; aadObjectId: string; upn: string; tenantId: string };
type Place =
  | { kind: 'team'; id: string; name: string; tenantId: string; channelId: string; aadGroupId: string; members: string[] }
  | { kind: 'chat'; id: string; name: string; tenantId: string; members: string[] }
  | { kind: 'meeting'; id: string; name: string; tenantId: string; chatId: string; members: string[] };
const conversationOf = (p: Place) => (p.kind === 'meeting' ? p.chatId : p.id);
const PLACE_KINDS = { team: 'Team', chat: 'Group chat', meeting: 'Meeting' } as const;
type Message = { id: number; uuidAsString?: string; func: string; args?: unknown[] };

const RUNTIME = JSON.stringify({
  apiVersion: 4,
  hostVersionsInfo: { adaptiveCardSchemaVersion: { majorVersion: 1, minorVersion: 5 } },
  isLegacyTeams: false,
  supports: { pages: { appButton: {}, tabs: {}, config: {}, backStack: {}, fullTrust: {} }, teamsCore: {}, meeting: {}, logs: {} },
});

async function main(): Promise<void> {
  const root = document.getElementById('app')!;
  const response = await fetch('/dev/directory');
  if (!response.ok) {
    show(root, h('p', { role: 'alert' }, 'The local host could not prepare the sample teams; see the server log.'));
    return;
  }
  const { people, places } = (await response.json()) as { people: Person[]; places: Place[] };
  const params = new URLSearchParams(window.location.search);
  const state = {
    person: people.find((p) => p.upn.startsWith(`${params.get('user') ?? 'ada'}@`)) ?? people[0]!,
    place: places.find((p) => p.name.toLowerCase().startsWith((params.get('place') ?? 'design').toLowerCase())) ?? places[0]!,
    theme: params.get('theme') ?? 'default',
    // The person's Teams language (`?locale=de-DE`, `?locale=qps-ploc`); else the browser's.
    locale: params.get('locale') || navigator.language || 'en-GB',
    frame: (params.get('frame') ?? 'config') as 'config' | 'content',
    contentUrl: '/tab/content',
    valid: false,
  };

  const frame = h('iframe', { title: 'Hallway tab', 'data-testid': 'tab-frame' });
  const log = h('ol', { class: 'host-log', 'aria-label': 'What the tab asked the host' });
  const save = h(
    'fluent-button',
    { appearance: 'primary', disabled: true, onclick: () => post({ func: 'settings.save', args: [{ webhookUrl: '' }] }) },
    'Save',
  );
  const note = (text: string) => log.prepend(h('li', {}, `${new Date().toLocaleTimeString()} ${text}`));
  const post = (message: object) => frame.contentWindow?.postMessage(message, window.location.origin);

  const selector = <T>(label: string, items: T[], name: (t: T) => string, current: T, change: (t: T) => void) =>
    h(
      'label',
      {},
      `${label} `,
      h(
        'select',
        { onchange: (e: Event) => change(items[(e.target as HTMLSelectElement).selectedIndex]!) },
        ...items.map((t) => h('option', { selected: t === current }, name(t))),
      ),
    );

  // Like Teams, the host keeps each person's token (valid an hour) and has it ready before the tab asks.
  const tokens = new Map<string, { token: Promise<string | undefined>; at: number }>();
  function tokenFor(person: Person): Promise<string | undefined> {
    const held = tokens.get(person.aadObjectId);
    if (held && held.at > Date.now() - 30 * 60_000) return held.token;
    const token = fetch('/dev/token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ aadObjectId: person.aadObjectId }),
    })
      .then(async (r) => (r.ok ? ((await r.json()) as { token: string }).token : undefined))
      .catch(() => undefined);
    tokens.set(person.aadObjectId, { token, at: Date.now() });
    return token;
  }

  function load(kind: 'config' | 'content'): void {
    void tokenFor(state.person);
    state.frame = kind;
    state.valid = false;
    save.toggleAttribute('disabled', true);
    save.hidden = kind !== 'config';
    frame.src = kind === 'config' ? '/tab/config' : state.contentUrl;
  }

  function context() {
    const p = state.place;
    const person = state.person;
    return {
      entityId: state.frame === 'config' ? '' : 'hallway-dev',
      locale: state.locale,
      theme: state.theme,
      frameContext: state.frame === 'config' ? 'settings' : 'content',
      hostClientType: 'web',
      hostName: 'Teams',
      appSessionId: 'dev-session',
      userObjectId: person.aadObjectId,
      userPrincipalName: person.upn,
      loginHint: person.upn,
      userDisplayName: person.name,
      tid: person.tenantId,
      ...(p.kind === 'team'
        ? { teamId: p.id, teamName: p.name, groupId: p.aadGroupId, channelId: p.channelId, channelName: 'General' }
        : p.kind === 'chat'
          ? { chatId: p.id }
          : { chatId: p.chatId, meetingId: p.id }),
    };
  }

  async function answer(message: Message): Promise<unknown[] | undefined> {
    switch (message.func) {
      case 'initialize':
        return [state.frame === 'config' ? 'settings' : 'content', 'web', RUNTIME, '2.58.0'];
      case 'getContext':
        return [context()];
      case 'authentication.getAuthToken': {
        const token = await tokenFor(state.person);
        return token ? [true, token] : [false, 'resourceDisabled'];
      }
      case 'settings.setValidityState':
        state.valid = Boolean(message.args?.[0]);
        save.toggleAttribute('disabled', !state.valid);
        return undefined;
      case 'settings.setSettings': {
        const config = (message.args?.[0] ?? {}) as { contentUrl?: string; suggestedDisplayName?: string; entityId?: string };
        if (config.contentUrl) state.contentUrl = new URL(config.contentUrl).pathname + new URL(config.contentUrl).search;
        note(`tab saved: "${config.suggestedDisplayName}" (${config.entityId})`);
        return [true];
      }
      case 'settings.save.success':
        load('content');
        return undefined;
      case 'settings.save.failure':
        note(`save refused: ${String(message.args?.[0] ?? '')}`);
        return undefined;
      case 'executeDeepLink':
        note(`Teams would open ${String(message.args?.[0] ?? '')}`);
        return [true];
      default:
        return [];
    }
  }

  window.addEventListener('message', (event) => {
    if (event.source !== frame.contentWindow || event.origin !== window.location.origin) return;
    const message = event.data as Message;
    if (!message || typeof message.func !== 'string' || typeof message.id !== 'number') return;
    void answer(message).then((args) => {
      if (args) post({ id: message.id, uuidAsString: message.uuidAsString, args });
    });
  });

  const setTheme = (theme: string) => {
    state.theme = theme;
    applyTheme(theme);
    post({ func: 'themeChange', args: [theme] });
  };

  // What Hallway posted (welcome cards, check-ins, pairings, reminders), latest version of each.
  const posted = h('div', { class: 'posted', 'aria-live': 'polite' });
  const postedPanel = h('details', {}, h('summary', {}, 'What Hallway posted'), posted);
  const placeName = (conversationId: string) =>
    places.find((p) => conversationOf(p) === conversationId)?.name ??
    (conversationId.startsWith('a:dev-personal-') ? `1:1 chat with ${conversationId.slice('a:dev-personal-29:dev-'.length)}` : conversationId);
  async function refreshPosted(): Promise<void> {
    if (!postedPanel.open) return;
    const messages = (await (await fetch('/dev/messages')).json()) as {
      conversationId: string;
      id: string;
      at: string;
      text?: string;
      cards: object[];
    }[];
    const latest = new Map<string, (typeof messages)[number]>();
    for (const m of messages) latest.set(m.id, m);
    show(
      posted,
      ...[...latest.values()]
        .reverse()
        .slice(0, 12)
        .map((m) =>
          h(
            'article',
            { class: 'card' },
            h('small', {}, `${placeName(m.conversationId)} · ${new Date(m.at).toLocaleTimeString()}`),
            m.text ? h('p', {}, m.text) : undefined,
            ...m.cards.map((c) => renderCardPreview(c, state.theme as TeamsTheme, 'Card posted by Hallway')),
          ),
        ),
    );
  }
  postedPanel.addEventListener('toggle', () => void refreshPosted());
  setInterval(() => void refreshPosted().catch(() => undefined), 3000);

  show(
    root,
    h(
      'header',
      { class: 'host-bar' },
      h('strong', {}, 'Hallway local host'),
      selector(
        'Person',
        people,
        (p) => `${p.name}${p.tenantId === people[0]!.tenantId ? '' : ' (other organisation)'}`,
        state.person,
        (p) => {
          state.person = p;
          load(state.frame);
        },
      ),
      selector(
        'Place',
        places,
        (p) => `${PLACE_KINDS[p.kind]}: ${p.name}`,
        state.place,
        (p) => {
          state.place = p;
          state.contentUrl = '/tab/content';
          load('config');
        },
      ),
      selector('Theme', ['default', 'dark', 'contrast'], (t) => t, state.theme, setTheme),
      h('fluent-button', { onclick: () => load('config') }, 'Configure'),
      h('fluent-button', { onclick: () => load('content') }, 'Open tab'),
      save,
    ),
    frame,
    h('details', {}, h('summary', {}, 'Host log'), log),
    postedPanel,
  );
  applyTheme(state.theme);
  load(state.frame);
}

void main();
