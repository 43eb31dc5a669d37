import { Marked } from 'marked';
import { boundedMarked } from './bounded-markdown';
import { cleanText, escapeHtml, formatDateTime, formatRange, localDay, renderMarkdown } from './text';

describe('escapeHtml', () => {
  it('escapes markup and quotes', () => {
    expect(escapeHtml('<img src=x onerror=alert(1)> & "q" \'s\'')).toBe(
      '&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;s&#39;',
    );
  });

  it('drops characters XML cannot carry', () => {
    expect(cleanText('a\u0000b\u0007c\ud800d\n')).toBe('abcd\n');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('renderMarkdown', () => {
  it('renders the allowed subset', () => {
    const html = renderMarkdown('**bold** _em_ `code`\n\n- one\n- two\n\n[docs](https://example.com/x)');
    expect(html).toContain('<strong>bold</strong>');
    expect(html).toContain('<em>em</em>');
    expect(html).toContain('<code>code</code>');
    expect(html).toContain('<li>one</li>');
    expect(html).toContain('<a href="https://example.com/x" rel="nofollow noopener">docs</a>');
  });

  it('removes scripts, event handlers and other tags', () => {
    const html = renderMarkdown(
      'hi <script>window.__pwned=1</script><img src=x onerror="alert(1)"><b onclick="x()">b</b><iframe src="https://evil"></iframe>\n\n# Title',
    );
    expect(html).not.toMatch(/<script|onerror|onclick|<img|<iframe|<h1|__pwned/i);
    expect(html).toContain('b');
    expect(html).toContain('Title');
  });

  it('allows only http, https and mailto links', () => {
    const html = renderMarkdown(
      '[a](javascript:alert(1)) [b](data:text/html,x) [c](mailto:ops@example.com) <a href="vbscript:x" target="_blank" style="x">d</a> [e](//evil.example)',
    );
    expect(html).not.toMatch(/javascript:|data:|vbscript:|target=|style=|\/\/evil/);
    expect(html).toContain('href="mailto:ops@example.com"');
  });

  it('keeps code blocks escaped', () => {
    const html = renderMarkdown('```\n<script>x</script>\n```');
    expect(html).toContain('<pre><code>&lt;script&gt;x&lt;/script&gt;');
  });

  it('renders nothing for empty text', () => {
    expect(renderMarkdown('')).toBe('');
    expect(renderMarkdown(null)).toBe('');
  });
});

describe('dates in the page time zone', () => {
  it('formats with the zone and finds the local day', () => {
    const d = new Date('2026-11-27T23:30:00Z');
    expect(formatDateTime(d, 'Europe/Berlin')).toBe('Nov 28, 2026, 12:30 AM GMT+1');
    expect(localDay(d, 'Europe/Berlin')).toBe('2026-11-28');
    expect(localDay(d, 'UTC')).toBe('2026-11-27');
    expect(formatDateTime(d, 'Nope/Zone')).toContain('UTC');
    expect(formatRange(new Date('2026-11-27T10:00:00Z'), new Date('2026-11-27T12:30:00Z'), 'Europe/Berlin')).toBe(
      'Nov 27, 2026, 11:00 AM – 1:30 PM GMT+1',
    );
  });
});

describe('renderMarkdown at the 20,000-character limit (issue 12)', () => {
  const LIMIT = 20_000;
  const fill = (unit: string, n = LIMIT) => unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
  const ALLOWED = /<\/?(p|br|strong|em|code|pre|ul|ol|li|a)(\s[^<>]*)?>/g;

  /** Only the subset's tags, properly nested, and every other `<`/`>` escaped. */
  function expectWellFormed(html: string): void {
    const stack: string[] = [];
    for (const [tag, name] of html.matchAll(ALLOWED)) {
      if (name === 'br') continue;
      if (tag.startsWith('</')) expect(stack.pop()).toBe(name);
      else stack.push(name);
    }
    expect(stack).toEqual([]);
    expect(html.replace(ALLOWED, '')).not.toMatch(/[<>]/);
  }
  const letters = (html: string, ch: string) => html.replace(ALLOWED, '').split(ch).length - 1;

  const pathological: Record<string, string> = {
    '_a repeated': fill('_a'),
    'a, spaces, b': `a${' '.repeat(LIMIT - 2)}b`,
    'a, trailing spaces': `a${' '.repeat(LIMIT - 1)}`,
    '*a repeated': fill('*a'),
    '*_a repeated': fill('*_a'),
    '**a repeated': fill('**a'),
    'a star run, then a*': `${'*'.repeat(LIMIT - 2)}a*`,
    'an underscore run, then a_': `${'_'.repeat(LIMIT - 2)}a_`,
    '[ repeated': fill('['),
    '[a](<b repeated': fill('[a](<b'),
    'backticks': fill('`'),
    '`a repeated': fill('`a'),
    '< repeated': fill('<'),
    'nested quotes': fill('>'),
    'nested quotes with spaces': fill('> '),
    'a long list': fill('- a\n'),
    'nested list markers': `${fill('- ', LIMIT - 1)}a`,
    'an e-mail run with @': `${fill('a=', LIMIT - 6)}@x.com`,
    'a URL with trailing punctuation': `http://a.b/${fill('.)', LIMIT - 11)}`,
    'www with open parentheses': fill('www.a.b/('),
  };

  it.each(Object.entries(pathological))('renders %s well-formed and escaped', (_name, input) => {
    expect(input.length).toBeLessThanOrEqual(LIMIT);
    const html = renderMarkdown(input);
    expect(html.length).toBeGreaterThan(0);
    expectWellFormed(html);
  });

  it('does work linear in the length: a bounded number of regex runs per character', () => {
    // marked's emphasis scan ran its closer regex once per later delimiter for every opener:
    // 2,225 runs per character for `*_a` repeated (3.7 s), 579 for nested strong/em.
    const exec = RegExp.prototype.exec;
    let runs = 0;
    RegExp.prototype.exec = function (this: RegExp, input: string) {
      runs++;
      return exec.call(this, input);
    };
    try {
      for (const [name, input] of Object.entries({
        ...pathological,
        'nested strong/em': `${'*a **a '.repeat(1400)}b${' a** a*'.repeat(1400)}`,
      })) {
        runs = 0;
        renderMarkdown(input);
        expect({ name, linear: runs / input.length < 20 }).toEqual({ name, linear: true });
      }
    } finally {
      RegExp.prototype.exec = exec;
    }
  });

  it('keeps the text of pathological input as text', () => {
    expect(letters(renderMarkdown(fill('_a')), 'a')).toBe(LIMIT / 2);
    expect(renderMarkdown(`a${' '.repeat(LIMIT - 2)}b`)).toMatch(/^<p>a +b<\/p>$/);
    // Past the nesting bound the quote markers stay text (escaped), and nothing falls back to the
    // one-paragraph error path: the first levels are still quotes, whose tags the sanitizer drops.
    const quotes = renderMarkdown(`${'> '.repeat(20)}deep`);
    expect(quotes).toContain('&gt;');
    expect(quotes).toContain('deep');
    expect(renderMarkdown(fill('<'))).toContain('&lt;&lt;');
  });

  it('stops at the bounds ordinary text never reaches', () => {
    // 16 stars still open emphasis; 17 do not.
    expect(renderMarkdown(`${'*'.repeat(16)}a${'*'.repeat(16)}`)).toMatch(/<(em|strong)>/);
    expect(renderMarkdown(`${'*'.repeat(17)}a`)).toBe(`<p>${'*'.repeat(17)}a</p>`);
    // An e-mail local part of 64 characters is linked whole; a longer one is not.
    expect(renderMarkdown(`${'a'.repeat(64)}@example.com`)).toContain(`href="mailto:${'a'.repeat(64)}@example.com"`);
    expect(renderMarkdown(`${'a'.repeat(65)}@example.com`)).not.toContain(`mailto:${'a'.repeat(65)}`);
    // Up to 32 spaces before a line break are dropped; more stay in the text.
    expect(renderMarkdown(`a${' '.repeat(32)}\nb`)).toBe('<p>a<br />b</p>');
    expect(renderMarkdown(`a${' '.repeat(40)}\nb`)).toBe(`<p>a${' '.repeat(8)}<br />b</p>`);
    // Eight quote levels, then text.
    expect(renderMarkdown(`${'>'.repeat(8)} a`)).toBe('<p>a</p>');
    expect(renderMarkdown(`${'>'.repeat(9)} a`)).toBe('<p>&gt; a</p>');
  });
});

describe('the bounded renderer on ordinary Markdown', () => {
  const plain = new Marked({ gfm: true, breaks: true, async: false });
  const bounded = boundedMarked();
  const messages = [
    '**Investigating** - We are seeing elevated error rates on the API since 14:05 UTC.\nUpdates every 30 minutes.',
    'Affected:\n\n- EU region\n- US region\n  - us-east-1\n  - us-west-2\n\n1. Failover done\n2. Replaying the queue',
    'Details in the [incident report](https://status.example.com/report?id=42) or at https://example.com/a_b_(c).',
    'Write to ops@example.com or mailto:support@example.com, or www.example.com.',
    '> Quoted from the vendor:\n> the fix is _rolling out_ now.\n\nOur reply follows.',
    'Run `kubectl get pods -n prod`:\n\n```\n$ kubectl get pods\nNAME      READY   STATUS\napi-1     1/1     Running\n```',
    'snake_case_names and 2 * 3 * 4 and a_b_c stay as they are; ***both*** and __strong__ and ~~gone~~.',
    'Trailing spaces  \nthen a break, a\ttab, an &amp; entity, <b>inline html</b> and an \\*escape\\*.',
    '[docs]: https://example.com/docs\n\nSee [the docs] and [docs][].',
    '# Heading\n\nText\n***\n| a | b |\n|---|---|\n| 1 | 2 |',
  ];

  it.each(messages.map((m) => [m.slice(0, 30), m]))('renders %j as marked does', (_label, message) => {
    expect(bounded.parse(message)).toBe(plain.parse(message));
  });
});
