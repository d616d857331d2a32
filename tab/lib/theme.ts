import { setTheme } from '@fluentui/web-components/theme/set-theme.js';
import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme } from '@fluentui/tokens';

export type TeamsTheme = 'default' | 'dark' | 'contrast';

/** Teams' three themes as Fluent tokens; the page's own CSS reads the same tokens. */
export function applyTheme(theme: string | undefined): TeamsTheme {
  const name: TeamsTheme = theme === 'dark' || theme === 'contrast' ? theme : 'default';
  setTheme(name === 'dark' ? teamsDarkTheme : name === 'contrast' ? teamsHighContrastTheme : teamsLightTheme);
  document.documentElement.dataset.theme = name;
  document.documentElement.style.colorScheme = name === 'default' ? 'light' : 'dark';
  return name;
}
