import { app, authentication } from '@microsoft/teams-js';
import { prefetchLocale, useLocale } from './i18n';
import { applyTheme, type TeamsTheme } from './theme';

/** Where the tab is open: a team channel, a group chat, or a meeting (with its chat). */
export type Place =
  | { kind: 'team'; id: string; name?: string }
  | { kind: 'chat'; id: string }
  | { kind: 'meeting'; meetingId: string; chatId: string }
  | { kind: 'none' };

export type TabContext = { place: Place; theme: TeamsTheme; frameContext: string; userName?: string };

const themeListeners: ((theme: TeamsTheme) => void)[] = [];
let currentTheme: TeamsTheme = 'default';

/** Called after the page switched to a new Teams theme (live, without a reload). */
export function onThemeChange(listener: (theme: TeamsTheme) => void): void {
  themeListeners.push(listener);
}

export function theme(): TeamsTheme {
  return currentTheme;
}

/**
 * Connects to the Teams host, reads where the tab is, and switches the tab to the person's Teams
 * language (`app.locale`). Rejects outside Teams, where the browser's language is taken.
 */
export async function connect(): Promise<TabContext> {
  prefetchLocale(navigator.language);
  try {
    await app.initialize();
  } catch (error) {
    await useLocale(navigator.language);
    throw error;
  }
  performance.mark('hallway:teams-initialized');
  const context = await app.getContext();
  performance.mark('hallway:teams-context');
  await useLocale(context.app.locale);
  currentTheme = applyTheme(context.app.theme);
  app.registerOnThemeChangeHandler((next) => {
    currentTheme = applyTheme(next);
    for (const listener of themeListeners) listener(currentTheme);
  });
  return {
    place: placeOf(context),
    theme: currentTheme,
    frameContext: String(context.page.frameContext ?? 'content'),
    userName: context.user?.displayName,
  };
}

function placeOf(context: app.Context): Place {
  if (context.meeting?.id && context.chat?.id) return { kind: 'meeting', meetingId: context.meeting.id, chatId: context.chat.id };
  if (context.team?.internalId) return { kind: 'team', id: context.team.internalId, name: context.team.displayName };
  if (context.chat?.id) return { kind: 'chat', id: context.chat.id };
  return { kind: 'none' };
}

/** The Teams SSO token of the signed-in person; the server takes who they are from it alone. */
export function signInToken(): Promise<string> {
  return authentication.getAuthToken();
}

/** Opens a Teams deep link (chat, meeting) the way Teams expects. */
export function openTeamsLink(url: string): void {
  app.openLink(url).catch(() => window.open(url, '_blank', 'noopener'));
}
