/**
 * Checks the literal slot numbers of a hot source file: per-bar code indexes its Float64Array slots with a number
 * followed by the slot's name in a block comment instead of the named const, since a module-level const read in a
 * function costs a context load, a hole check and an untag on every read in V8 11. Returns the literals of `source`
 * whose comment names a key of `names` and differ from its value ("NAME=literal (expected value)"), and how many
 * literals were checked.
 */
export function slotLiteralMismatches(
  source: string,
  names: Readonly<Record<string, number>>,
): { checked: number; mismatches: string[] } {
  const mismatches: string[] = [];
  let checked = 0;
  for (const [, literal, name] of source.matchAll(/([0-9][0-9.e+-]*) \/\* ([A-Z][A-Z0-9_]*) \*\//g)) {
    if (!(name in names)) continue;
    checked++;
    if (Number(literal) !== names[name]) mismatches.push(`${name}=${literal} (expected ${names[name]})`);
  }
  return { checked, mismatches };
}
