/**
 * A value built the first time it is asked for, then kept. The contract's
 * schemas are made this way: a process builds those of the commands it is
 * asked to run, not all of them on loading (start-up is most of a short
 * command's time, and `get` runs one command).
 */
export function builtOnFirstUse<T>(build: () => T): () => T {
  let value: { readonly built: T } | undefined;
  return () => (value ??= { built: build() }).built;
}
