/*
 * `node bench/markdown.js [path/to/text.js]` (after `npm run build`; not part of `npm run bench`):
 * how long rendering one update body takes at the contract's limit (20,000 characters) for inputs
 * that made marked quadratic (issue 12), against a same-size ordinary paragraph. Prints, per input,
 * the best of a few runs in milliseconds and the ratio to the ordinary paragraph.
 * Another build of text.js (an older release, say) can be passed to compare.
 */
const path = require('node:path');

const LIMIT = 20_000;
const modulePath = path.resolve(process.argv[2] || path.join(__dirname, '..', 'dist', 'modules', 'status-pages', 'public', 'html', 'text.js'));
const { renderMarkdown } = require(modulePath);

/** `unit` repeated to exactly `n` characters. */
const fill = (unit, n = LIMIT) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
/** The largest `make(k)` that fits the limit. */
function fit(make) {
  let k = 1;
  while (make(k * 2).length <= LIMIT) k *= 2;
  let lo = k;
  let hi = k * 2;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (make(mid).length <= LIMIT) lo = mid;
    else hi = mid;
  }
  return make(lo);
}

const ordinary = fill('The database failover finished at 14:05 and error rates are back to normal; we keep watching. ');

const inputs = {
  'underscore a (_a)': fill('_a'),
  'a, spaces, b': `a${' '.repeat(LIMIT - 2)}b`,
  'a, trailing spaces': `a${' '.repeat(LIMIT - 1)}`,
  'star a (*a)': fill('*a'),
  'star underscore a (*_a)': fill('*_a'),
  'strong a (**a)': fill('**a'),
  'a star b (a*b)': fill('a*b'),
  'star run, then a*': `${'*'.repeat(LIMIT - 2)}a*`,
  'underscore run, then a_': `${'_'.repeat(LIMIT - 2)}a_`,
  'nested strong/em': fit((k) => `${'*a **a '.repeat(k)}b${' a** a*'.repeat(k)}`),
  'brackets ([)': fill('['),
  'open links ([a)': fill('[a'),
  'unclosed links ([a](<b)': fill('[a](<b'),
  'escaped brackets (\\[)': fill('\\['),
  'backticks (`)': fill('`'),
  'backtick a (`a)': fill('`a'),
  'growing backtick runs': fit((k) => Array.from({ length: k }, (_, i) => `e${'`'.repeat(i + 1)}`).join('')),
  'less-than (<)': fill('<'),
  'ampersands (&)': fill('&'),
  'nested quotes (>)': fill('>'),
  'nested quotes (> )': fill('> '),
  'long quote (> a\\n)': fill('> a\n'),
  'long list (- a\\n)': fill('- a\n'),
  'long ordered list (1. a\\n)': fill('1. a\n'),
  'nested list markers (- - -)': fill('- '),
  'indented nested lists': fit((k) => Array.from({ length: k }, (_, i) => `${' '.repeat(2 * i)}* a\n`).join('')),
  'e-mail run (a=a=...@x.com)': `${fill('a=', LIMIT - 6)}@x.com`,
  'e-mail run (*a*a...@x.com)': `${fill('*a', LIMIT - 6)}@x.com`,
  'URL with trailing .)': `http://a.b/${fill('.)', LIMIT - 11)}`,
  'www with open parens': fill('www.a.b/('),
  'strikethrough (~a)': fill('~a'),
  'line breaks (a\\n)': fill('a\n'),
  'table rows': `|a|b|\n|-|-|\n${fill('|c|d|\n', LIMIT - 12)}`,
};

function best(value, runs = 5) {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    renderMarkdown(value);
    min = Math.min(min, Number(process.hrtime.bigint() - start) / 1e6);
  }
  return min;
}

for (let i = 0; i < 20; i++) renderMarkdown(ordinary); // warm up the JIT on the ordinary path
const base = best(ordinary, 20);
console.log(`module: ${path.relative(process.cwd(), modulePath)}`);
console.log(`${'ordinary paragraph'.padEnd(32)} ${base.toFixed(2).padStart(9)} ms        1.0x`);
let worst = { name: '', ms: 0 };
for (const [name, value] of Object.entries(inputs)) {
  const ms = best(value);
  if (ms > worst.ms) worst = { name, ms };
  console.log(`${name.padEnd(32)} ${ms.toFixed(2).padStart(9)} ms ${(ms / base).toFixed(1).padStart(10)}x`);
}
console.log(`worst: ${worst.name}, ${worst.ms.toFixed(1)} ms, ${(worst.ms / base).toFixed(1)}x the ordinary paragraph`);
