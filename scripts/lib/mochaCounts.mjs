// Reads the counts from the summary mocha's spec reporter prints at the end of a run.

/** `{ passed, failed, skipped }` from the last summary in `output`, or undefined if none. */
export function mochaCounts(output) {
  const last = (pattern) => {
    const matches = [...output.matchAll(pattern)];
    return matches.length > 0 ? Number(matches[matches.length - 1][1]) : undefined;
  };
  const passed = last(/^\s*(\d+) passing\b/gm);
  if (passed === undefined) return undefined;
  return {
    passed,
    failed: last(/^\s*(\d+) failing\b/gm) ?? 0,
    skipped: last(/^\s*(\d+) pending\b/gm) ?? 0,
  };
}

/** `N passed, N failed` with `, N skipped` when some were. */
export function formatCounts({ passed, failed, skipped }) {
  return `${passed} passed, ${failed} failed` + (skipped > 0 ? `, ${skipped} skipped` : '');
}
