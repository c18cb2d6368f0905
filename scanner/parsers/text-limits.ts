// Text copied out of scanner output into results: capped in length (a 10 MB banner must not travel to the
// database and chat), and detached from the big decoded chunk it was sliced from so that chunk can be freed.

/** Longest banner, script output, product or version kept; longer text is cut and marked. */
export const MAX_FIELD_CHARS = 16 * 1024;
export const TRUNCATION_MARK = '… [truncated]';

/** Counts fields that were cut, so the parser can report one warning for all of them. */
export interface FieldStats {
  truncated: number;
}

/** A copy of `text` that does not keep its parent string alive (V8 slices of ≥ 13 chars share the parent). */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}

export function keepField(text: string, stats: FieldStats): string {
  if (text.length <= MAX_FIELD_CHARS) return detach(text);
  stats.truncated += 1;
  return text.slice(0, MAX_FIELD_CHARS) + TRUNCATION_MARK;
}

export function truncationWarning(stats: FieldStats): string[] {
  return stats.truncated > 0 ? [`${stats.truncated} field(s) longer than ${MAX_FIELD_CHARS} characters (banners, script output) were truncated`] : [];
}
