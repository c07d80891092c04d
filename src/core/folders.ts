/** Where a folder setting points, decided without VS Code so that it can be tested plainly. */
import * as path from 'path';

/** True when `child` is `parent` or lies below it. */
export function isInside(child: string, parent: string): boolean {
  const relative = path.relative(parent, child);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * The folder a setting names, resolved against `base` (the workspace folder). An empty setting
 * means `fallback`. When the workspace is not trusted, a value that leads outside `base` is
 * ignored and `fallback` used, so that an untrusted repository cannot make the extension write
 * elsewhere.
 */
export function resolveConfiguredFolder(
  base: string,
  configured: string | undefined,
  fallback: string,
  trusted: boolean,
): string {
  const value = configured?.trim() ? configured.trim() : fallback;
  const resolved = path.resolve(base, value);
  if (!trusted && !isInside(resolved, base)) return path.resolve(base, fallback);
  return resolved;
}
