// A bundling step for scripts/bundle-cli.js. @sindresorhus/is (got's type
// checks) builds two Intl.ListFormat objects when it is imported; the first
// one loads ICU's locale data, about 13 ms of every `peregrine get` before
// its first request. They only word the message of a failed multi-value
// assertion, so the bundle builds them on first use instead.
const file = /[\\/]@sindresorhus[\\/]is[\\/]distribution[\\/]index\.js$/;
const eager = {
  andFormatter: "const andFormatter = new Intl.ListFormat('en', { style: 'long', type: 'conjunction' });",
  orFormatter: "const orFormatter = new Intl.ListFormat('en', { style: 'long', type: 'disjunction' });",
};
const lazy = (name, type) =>
  `let ${name}Made; const ${name} = { format: (list) => (${name}Made ??= new Intl.ListFormat('en', { style: 'long', type: '${type}' })).format(list) };`;

export function lazyListFormat() {
  return {
    name: 'peregrine-lazy-list-format',
    transform(code, id) {
      if (!file.test(id)) return null;
      // A new version written differently fails the build here, rather than quietly costing the time again.
      for (const [name, line] of Object.entries(eager)) {
        if (!code.includes(line)) throw new Error(`lazy-list-format: ${name} is no longer built as expected in ${id}`);
      }
      return {
        code: code.replace(eager.andFormatter, lazy('andFormatter', 'conjunction')).replace(eager.orFormatter, lazy('orFormatter', 'disjunction')),
        map: null,
      };
    },
  };
}
