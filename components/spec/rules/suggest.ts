/** "Did you mean": the closest known spelling to a mistyped name, when it is close enough to help. */
import { distance } from "fastest-levenshtein";

/** Folds case, `-` and `_`, so `gpu_pools` and `GPUPools` both find `gpuPools`. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The candidate closest to `input`: an exact match after folding case and separators wins;
 * otherwise the smallest edit distance, if it is at most a third of the word (at least 1, so
 * short names still get a hint for one slip). Among those close enough, a candidate the input
 * is the start of wins: a truncated name (`l40` for `l40s`) is a likelier slip than a wrong
 * character, and at equal distance the shorter `l4` would otherwise take it. Ties go to the
 * earlier candidate.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const folded = fold(input);
  const same = candidates.find((c) => fold(c) === folded);
  if (same !== undefined) return same;
  const limit = Math.max(1, Math.floor(input.length / 3));
  let best: { candidate: string; distance: number; prefixed: boolean } | undefined;
  for (const c of candidates) {
    const d = distance(folded, fold(c));
    if (d > limit) continue;
    const prefixed = folded.length > 0 && fold(c).startsWith(folded);
    const better = best === undefined || (prefixed && !best.prefixed) || (prefixed === best.prefixed && d < best.distance);
    if (better) best = { candidate: c, distance: d, prefixed };
  }
  return best?.candidate;
}

/** `; did you mean "x"?` or nothing. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const s = suggest(input, candidates);
  return s === undefined ? "" : `; did you mean "${s}"?`;
}
