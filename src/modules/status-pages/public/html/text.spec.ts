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
