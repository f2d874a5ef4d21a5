/** An array as it is; any other iterable (a Map, a Set, an iterator) as an array of its items. */
type Items<C> = C extends readonly unknown[] ? C : C extends Iterable<infer T> ? T[] : never;

/**
 * A loop over an empty collection asserts nothing and passes: every property test that iterates a computed
 * collection takes it through `nonEmpty` first. (`it.each`/`describe.each` need no guard: jest refuses an empty table.)
 */
export function nonEmpty<C extends Iterable<unknown>>(items: C): Items<C> {
  const list = Array.isArray(items) ? items : [...items];
  expect(list).not.toHaveLength(0);
  return list as Items<C>;
}
