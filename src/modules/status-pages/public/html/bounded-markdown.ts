import { Lexer, Marked, Tokenizer, type MarkedExtension, type Rules } from 'marked';

/*
 * marked, bounded: the same Markdown for ordinary text, and no input that
 * costs more than linear time (issue 12). marked's scanners look far ahead
 * from every position they try, which is quadratic on long runs:
 *
 * - the text rule looks, at every character, for a run of spaces ending in a
 *   newline (a line break follows) and for a run of e-mail characters ending
 *   in `@` (an e-mail autolink follows): `a` + 20,000 spaces + `b`, or `_a`
 *   repeated;
 * - the autolink rule reads the e-mail local part, and then trims trailing
 *   punctuation off a URL one group at a time;
 * - every `*`, `_` or `~` opener scans the rest of the paragraph for its
 *   closer (`*_a` repeated: seconds), and walks back over its whole run;
 * - block quotes and lists re-read their content once per level.
 *
 * Each gets a bound that ordinary text never reaches, so it renders exactly
 * as before; beyond the bound the text stays text.
 */
export const MARKDOWN_BOUNDS = {
  /** Trailing spaces before a line break that are dropped (more stay in the text). */
  spacesBeforeBreak: 32,
  /** The longest e-mail local part that is autolinked (RFC 5321 allows 64). */
  emailLocalPart: 64,
  /** The longest URL that is autolinked; a longer one is linked up to here. */
  urlLength: 2048,
  /** A run of more `*` or `_` than this opens no emphasis. */
  delimiterRun: 16,
  /** Closer candidates that all `*`, `_` and `~` openers of one message may examine. */
  closerScans: 20_000,
  /** Block quotes and lists nest this deep; deeper markers stay text. */
  nesting: 8,
} as const;

/** The work one message may still do; reset for each message (rendering is synchronous). */
const work = { closerScans: 0, depth: 0, lexer: undefined as Lexer | undefined };

/** A closer scanner that stops finding closers once the message's budget is spent. */
class BudgetedScanner extends RegExp {
  override exec(input: string): RegExpExecArray | null {
    if (work.closerScans <= 0) return null;
    work.closerScans--;
    return super.exec(input);
  }
}

/**
 * The search that hides reference links from emphasis: it tries up to 999
 * bracket groups at every `[`, for nothing when the message defines no
 * reference (it then leaves the text as it is).
 */
class ReferenceSearch extends RegExp {
  override [Symbol.replace](input: string, replacement: string | ((substring: string, ...args: any[]) => string)): string {
    const links = work.lexer?.tokens.links;
    if (links && Object.keys(links).length === 0) return input;
    return super[Symbol.replace](input, replacement as string);
  }
}

/** `source` with each `from` replaced by `to`, failing loudly when marked's rule changed shape. */
function rewrite(rule: RegExp, from: string, to: string, expected: number): RegExp {
  const parts = rule.source.split(from);
  if (parts.length - 1 !== expected) {
    throw new Error(`marked's ${rule.source.slice(0, 40)}... rule changed: found ${parts.length - 1} of ${expected} "${from}"`);
  }
  return new RegExp(parts.join(to), rule.flags);
}

const boundedInline = new WeakMap<Rules['inline'], Rules['inline']>();

/** The inline rules of marked with every far look-ahead bounded. */
export function boundInlineRules(inline: Rules['inline']): Rules['inline'] {
  let out = boundedInline.get(inline);
  if (out) return out;
  const { spacesBeforeBreak: sp, emailLocalPart: local, urlLength } = MARKDOWN_BOUNDS;
  let text = rewrite(inline.text, ' *\\n', ` {0,${sp}}\\n`, 3);
  text = rewrite(text, "{\\|}~-]+@)", `{\\|}~-]{1,${local}}@)`, 2);
  let url = rewrite(inline.url, '[A-Za-z0-9._+-]+(@)', `[A-Za-z0-9._+-]{1,${local}}(@)`, 1);
  url = rewrite(url, '[^\\s<]*', `[^\\s<]{0,${urlLength}}`, 1);
  const scanner = (rule: RegExp) => new BudgetedScanner(rule.source, rule.flags);
  out = {
    ...inline,
    text,
    url,
    emStrongRDelimAst: scanner(inline.emStrongRDelimAst),
    emStrongRDelimUnd: scanner(inline.emStrongRDelimUnd),
    delRDelim: scanner(inline.delRDelim),
    reflinkSearch: new ReferenceSearch(inline.reflinkSearch.source, inline.reflinkSearch.flags),
  };
  boundedInline.set(inline, out);
  return out;
}

/** True when `src` starts with more than `delimiterRun` copies of its first character. */
function longRun(src: string): boolean {
  const n = MARKDOWN_BOUNDS.delimiterRun;
  if (src.length <= n) return false;
  const c = src.charCodeAt(0);
  for (let i = 1; i <= n; i++) if (src.charCodeAt(i) !== c) return false;
  return true;
}

/** Runs a block tokenizer one level deeper, or declines past the nesting bound. */
function nested<T>(tokenize: () => T): T | undefined {
  if (work.depth >= MARKDOWN_BOUNDS.nesting) return undefined;
  work.depth++;
  try {
    return tokenize();
  } finally {
    work.depth--;
  }
}

const bounded: MarkedExtension = {
  hooks: {
    provideLexer() {
      return (src, options) => {
        work.closerScans = MARKDOWN_BOUNDS.closerScans;
        work.depth = 0;
        const lexer = new Lexer(options);
        work.lexer = lexer;
        const tokenizer = lexer.options.tokenizer!;
        tokenizer.rules = { ...tokenizer.rules, inline: boundInlineRules(tokenizer.rules.inline) };
        try {
          return lexer.lex(src);
        } finally {
          work.lexer = undefined;
        }
      };
    },
  },
  tokenizer: {
    blockquote(src) {
      return nested(() => Tokenizer.prototype.blockquote.call(this, src));
    },
    list(src) {
      return nested(() => Tokenizer.prototype.list.call(this, src));
    },
    emStrong(src) {
      // A long run of `*` or `_` would be spread and walked back over at each of its characters.
      return longRun(src) ? undefined : false;
    },
  },
};

/** A marked instance for the update-body subset (GFM, newlines are line breaks), bounded. */
export function boundedMarked(): Marked {
  return new Marked({ gfm: true, breaks: true, async: false }, bounded);
}
