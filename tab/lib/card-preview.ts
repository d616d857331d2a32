import { AdaptiveCard, HostConfig } from 'adaptivecards';
import type { TeamsTheme } from './theme';

const PALETTES: Record<TeamsTheme, { background: string; text: string; subtle: string; accent: string; emphasis: string }> = {
  default: { background: '#ffffff', text: '#242424', subtle: '#616161', accent: '#5b5fc7', emphasis: '#f5f5f5' },
  dark: { background: '#292929', text: '#ffffff', subtle: '#d6d6d6', accent: '#7f85f5', emphasis: '#1f1f1f' },
  contrast: { background: '#000000', text: '#ffffff', subtle: '#ffffff', accent: '#ffff00', emphasis: '#000000' },
};

function hostConfig(theme: TeamsTheme): HostConfig {
  const p = PALETTES[theme];
  const colors = {
    default: { default: p.text, subtle: p.subtle },
    accent: { default: p.accent, subtle: p.accent },
    good: { default: theme === 'contrast' ? '#3ff23f' : '#13a10e', subtle: '#13a10e' },
    warning: { default: theme === 'contrast' ? '#ffff00' : '#c19c00', subtle: '#c19c00' },
    attention: { default: theme === 'contrast' ? '#ff6b6b' : '#c4314b', subtle: '#c4314b' },
    light: { default: p.text, subtle: p.subtle },
    dark: { default: p.text, subtle: p.subtle },
  };
  return new HostConfig({
    fontFamily: '"Segoe UI", system-ui, sans-serif',
    supportsInteractivity: true,
    containerStyles: {
      default: { backgroundColor: p.background, foregroundColors: colors },
      emphasis: { backgroundColor: p.emphasis, foregroundColors: colors },
    },
    actions: { maxActions: 6, actionsOrientation: 'horizontal', buttonSpacing: 8 },
  });
}

/**
 * Renders a card with the official Adaptive Cards renderer in the colours of the Teams theme. Buttons
 * do nothing: this is a preview.
 */
export function renderCardPreview(card: object, theme: TeamsTheme, label: string): HTMLElement {
  const adaptive = new AdaptiveCard();
  adaptive.hostConfig = hostConfig(theme);
  adaptive.onExecuteAction = () => undefined;
  adaptive.parse(card);
  const element = adaptive.render() ?? document.createElement('div');
  element.setAttribute('aria-label', label);
  element.dataset.theme = theme;
  return element;
}
