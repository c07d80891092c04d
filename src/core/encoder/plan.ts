import { InputError } from '../errors';
import { ColumnProfile } from './schema';

/** Why a column gives no features. */
export type IgnoreReason = 'label' | 'identifier' | 'constant' | 'timestamp' | 'user';

/** What fitting does with a column. */
export type ColumnRole =
  | { role: 'numeric' }
  | { role: 'categorical' }
  | { role: 'label' }
  | { role: 'ignored'; reason: IgnoreReason };

/** The caller's choices about columns, all by header name. */
export interface ColumnChoices {
  label?: string;
  ignore?: string[];
  kinds?: Record<string, 'numeric' | 'categorical' | 'ignore'>;
}

/** Every column the caller names must be in the header. */
export function checkChoices(file: string, header: string[], choices: ColumnChoices): void {
  const known = new Set(header);
  const named = [
    ...(choices.label === undefined ? [] : [choices.label]),
    ...(choices.ignore ?? []),
    ...Object.keys(choices.kinds ?? {}),
  ];
  for (const name of named) {
    if (!known.has(name)) {
      throw new InputError(
        { file, line: 1, column: name },
        `there is no column "${name}"; the header has ${header.join(', ')}.`,
      );
    }
  }
}

/**
 * Decides each column's role: the label and the caller's choices first, then the kind the sample
 * suggests. Columns that look constant in the sample are fitted anyway and dropped only when
 * they are constant over the whole file.
 */
export function planColumns(profiles: ColumnProfile[], choices: ColumnChoices): ColumnRole[] {
  const ignored = new Set(choices.ignore ?? []);
  return profiles.map((profile): ColumnRole => {
    if (profile.name === choices.label) return { role: 'label' };
    if (ignored.has(profile.name)) return { role: 'ignored', reason: 'user' };

    const chosen = choices.kinds?.[profile.name];
    if (chosen === 'ignore') return { role: 'ignored', reason: 'user' };
    if (chosen !== undefined) return { role: chosen };

    // Limitation: a column empty throughout the sample is fitted as categorical, so numbers that
    // only appear later become categories; the caller can force it numeric with `kinds`.
    const kind = profile.kind();
    if (kind === 'identifier' || kind === 'timestamp') return { role: 'ignored', reason: kind };
    if (kind === 'constant') return { role: profile.numbers > 0 ? 'numeric' : 'categorical' };
    return { role: kind };
  });
}
