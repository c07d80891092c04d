/** The editor theme's colours (light, dark, high contrast), read from VS Code's CSS variables. */
import type { PlotColours } from './lossPlot';

export interface Theme {
  background: string;
  foreground: string;
  /** Marks the picked point and the selection. */
  highlight: string;
  plot: PlotColours;
}

function variable(name: string, fallback: string): string {
  const value = getComputedStyle(document.body).getPropertyValue(name).trim();
  return value === '' ? fallback : value;
}

export function currentTheme(): Theme {
  const foreground = variable('--vscode-editor-foreground', '#cccccc');
  return {
    background: variable('--vscode-editor-background', '#1e1e1e'),
    foreground,
    highlight: variable('--vscode-focusBorder', '#ffcc00'),
    plot: {
      foreground,
      loss: variable('--vscode-charts-blue', '#3794ff'),
      validation: variable('--vscode-charts-orange', '#d18616'),
    },
  };
}
