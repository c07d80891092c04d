/** Filters that name only classes, evaluated in the webview without asking the host. */
import type { ViewData } from '../shared/protocol';

/** Whether every word of the query is a plain name (no comparison for the host to evaluate). */
export function isLabelOnly(query: string): boolean {
  return !/[=<>!]/.test(query);
}

/**
 * Points whose label or predicted class equals every word of the query, without regard to case.
 *
 * @returns `[count]` 1 where the point matches.
 */
export function labelMask(view: ViewData, query: string): Uint8Array {
  const mask = new Uint8Array(view.count).fill(1);

  for (const word of query.toLowerCase().split(/\s+/).filter(Boolean)) {
    const label = view.labelNames.findIndex((name) => name.toLowerCase() === word);
    const predicted = (view.predictedNames ?? []).findIndex((name) => name.toLowerCase() === word);
    for (let i = 0; i < view.count; i++) {
      const matches =
        (label >= 0 && view.labels[i] === label) ||
        (predicted >= 0 && view.predicted !== undefined && view.predicted[i] === predicted);
      if (!matches) mask[i] = 0;
    }
  }
  return mask;
}
