/** "Did you mean": the closest known spelling to a mistyped name, when it is close enough to help. */
import { distance } from "fastest-levenshtein";

/** Folds case, `-` and `_`, so `gpu_pools` and `GPUPools` both find `gpuPools`. */
function fold(s: string): string {
  return s.toLowerCase().replace(/[-_\s]/g, "");
}

/**
 * The candidate closest to `input`: an exact match after folding case and separators wins;
 * otherwise the smallest edit distance, if it is at most a third of the word (at least 1, so
 * short names still get a hint for one slip). Ties go to the earlier candidate.
 */
export function suggest(input: string, candidates: readonly string[]): string | undefined {
  const folded = fold(input);
  const same = candidates.find((c) => fold(c) === folded);
  if (same !== undefined) return same;
  let best: string | undefined;
  let bestDistance = Math.max(1, Math.floor(input.length / 3)) + 1;
  for (const c of candidates) {
    const d = distance(folded, fold(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return best;
}

/** `; did you mean "x"?` or nothing. */
export function didYouMean(input: string, candidates: readonly string[]): string {
  const s = suggest(input, candidates);
  return s === undefined ? "" : `; did you mean "${s}"?`;
}
