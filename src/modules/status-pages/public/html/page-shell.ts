import { createHash } from 'node:crypto';
import { PublicPageData } from '../public-page-data';
import { UPTIME_WINDOW_DAYS } from '../uptime';
import { escapeHtml as e, formatDateTime } from './text';

/** Days of uptime bars shown on a narrow screen. */
export const MOBILE_DAYS = 30;

/** An instant, machine-readable and in the page's zone. */
export const time = (d: Date, tz: string) => `<time datetime="${d.toISOString()}">${e(formatDateTime(d, tz))}</time>`;

/*
 * Refreshing in place (no <meta refresh>, which takes a screen reader's place
 * away every minute): every 60 s, while the tab is visible and not paused, the
 * page fetches itself, swaps in <main> if it changed, and announces a change of
 * the overall status in a polite live region. Without JavaScript the page is
 * simply static. The script is fixed text, allowed by its hash in the CSP.
 */
const REFRESH_SCRIPT = `(function(){
var main=document.querySelector('main'),live=document.getElementById('sp-live'),btn=document.getElementById('sp-pause');
if(!main||!live||!btn||!window.fetch||!window.DOMParser)return;
var paused=false;btn.hidden=false;
btn.addEventListener('click',function(){paused=!paused;btn.setAttribute('aria-pressed',String(paused));btn.textContent=paused?'Resume live updates':'Pause live updates';});
function status(doc){var s=doc.querySelector('[data-page-status]');return s?s.textContent.trim():'';}
function tick(){
if(paused||document.hidden)return;
fetch(location.href,{headers:{accept:'text/html'},cache:'no-cache',credentials:'omit'}).then(function(r){return r.ok?r.text():null;}).then(function(html){
if(!html)return;
var doc=new DOMParser().parseFromString(html,'text/html'),next=doc.querySelector('main');
if(!next||next.innerHTML===main.innerHTML)return;
var before=status(document),after=status(doc);
main.innerHTML=next.innerHTML;
var u=doc.querySelector('[data-updated]'),here=document.querySelector('[data-updated]');if(u&&here)here.innerHTML=u.innerHTML;
if(after&&after!==before)live.textContent='Status update: '+after;
}).catch(function(){});
}
setInterval(tick,window.SP_REFRESH_MS||60000);
})();`;

/** The document around a page's content: head (feeds, inline CSS), header, footer and the refresh script. */
export function shell(d: PublicPageData, title: string, content: string, after = ''): string {
  const tz = d.page.timeZone;
  const base = e(d.publicUrl);
  const feedTitle = `${d.page.name} Status`;
  return frame({
    title,
    pageName: d.page.name,
    lead: d.page.description,
    metaDescription: `${d.page.name}: ${d.description}`,
    head: `<link rel="alternate" type="application/atom+xml" title="${e(feedTitle)} (Atom)" href="${base}/history.atom">
<link rel="alternate" type="application/rss+xml" title="${e(feedTitle)} (RSS)" href="${base}/history.rss">
<link rel="alternate" type="text/calendar" title="${e(d.page.name)} planned maintenance (iCalendar)" href="${base}/maintenances.ics">`,
    content,
    after,
    footer: `<p>Times are shown in ${e(tz)}. <span data-updated>Last updated ${time(d.loadedAt, tz)}.</span> <button type="button" id="sp-pause" aria-pressed="false" hidden>Pause live updates</button></p>
<p id="sp-live" class="visually-hidden" aria-live="polite"></p>
<p>Subscribe: <a href="${base}/history.atom">Atom feed</a> · <a href="${base}/history.rss">RSS feed</a> · <a href="${base}/maintenances.ics">Maintenance calendar</a> · <a href="${base}/api/v2/summary.json">JSON API</a> · <a href="${base}/history">History</a></p>`,
    script: true,
  });
}

/** What a page outside the snapshot (a subscription page) needs to look like its status page. */
export interface ShellPage {
  name: string;
  description: string | null;
  publicUrl: string;
}

/**
 * A page in the status page's look without its live parts (no refresh
 * script, no feeds): the subscription pages reached from emails. Not indexed.
 */
export function plainShell(page: ShellPage, title: string, content: string): string {
  return frame({
    title,
    pageName: page.name,
    lead: page.description,
    metaDescription: `${page.name}: email updates`,
    head: '<meta name="robots" content="noindex">',
    content,
    after: '',
    footer: `<p><a href="${e(page.publicUrl)}">${e(page.name)} status</a> · <a href="${e(page.publicUrl)}/history">History</a></p>`,
    script: false,
  });
}

interface Frame {
  title: string;
  pageName: string;
  lead: string | null;
  metaDescription: string;
  /** Trusted markup for the head. */
  head: string;
  content: string;
  /** Trusted markup after <main> (not swapped by the refresh script). */
  after: string;
  footer: string;
  script: boolean;
}

function frame(f: Frame): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${e(f.title)}</title>
<meta name="description" content="${e(f.metaDescription)}">
${f.head}
<style>${CSS}</style>
</head>
<body>
<header class="wrap">
<h1>${e(f.pageName)}</h1>
${f.lead ? `<p class="lead">${e(f.lead)}</p>` : ''}
</header>
<main class="wrap">
${f.content}
</main>
${f.after}
<footer class="wrap">
${f.footer}
</footer>
${f.script ? `<script>${REFRESH_SCRIPT}</script>
` : ''}</body>
</html>
`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;color:#1f2328;background:#f6f8fa}
.wrap{max-width:860px;margin:0 auto;padding:0 16px}
header.wrap{padding-top:24px}
h1{font-size:1.75rem;line-height:1.2;margin:0 0 4px;overflow-wrap:anywhere}
h2{font-size:1.25rem;margin:32px 0 12px}
h3{font-size:1.05rem;margin:0 0 6px;overflow-wrap:anywhere}
.lead{margin:0;color:#57606a}
a{color:#0550ae}
.banner{margin:16px 0 0;padding:16px 20px;border-radius:8px;font-size:1.15rem;color:#fff;background:#1a7f37}
.ind-minor{background:#f5c400;color:#2d2200}
.ind-major{background:#c2410c}
.ind-critical{background:#b42318}
.ind-maintenance{background:#0b5cad}
.card{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:14px 16px;margin:0 0 12px}
.row{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:4px 12px}
.name{font-weight:600;overflow-wrap:anywhere;min-width:0}
.status{font-size:.9rem;font-weight:600;white-space:nowrap}
.dot{display:inline-block;width:.65em;height:.65em;border-radius:50%;margin-right:6px;background:currentColor}
.s-operational{color:#1a7f37}.s-under_maintenance{color:#0b5cad}.s-degraded_performance{color:#8a5a00}
.s-partial_outage{color:#bc4c00}.s-major_outage{color:#b42318}
ul.components{list-style:none;margin:0;padding:0}
ul.components.card{padding:0 16px;margin:0 0 12px}
.group ul.components{border-top:1px solid #d8dee4;margin-top:8px}
.component{padding:12px 0;border-bottom:1px solid #eaeef2}
.component:last-child{border-bottom:0}
.group .component{padding-left:12px}
.cdesc{margin:2px 0 0;color:#57606a;font-size:.9rem}
.bar{display:flex;gap:2px;height:32px;margin-top:8px}
.bar .d{flex:1 1 0;min-width:0;border-radius:2px;background:#d0d7de}
.bar .s-operational{background:#2da44e}.bar .s-under_maintenance{background:#3b82f6}
.bar .s-degraded_performance{background:#e3b341}.bar .s-partial_outage{background:#f0883e}.bar .s-major_outage{background:#d1242f}
.legend{display:flex;justify-content:space-between;gap:8px;font-size:.8rem;color:#57606a;margin-top:4px}
.pct{font-weight:600;color:#1f2328}
.bar .d:nth-child(-n+${UPTIME_WINDOW_DAYS - MOBILE_DAYS}),.ago90{display:none}
@media (min-width:640px){.bar .d:nth-child(n){display:block}.ago90{display:inline}.ago30{display:none}
h1{font-size:2rem}.banner{padding:18px 24px}}
.note{font-size:.85rem;color:#57606a}
.meta{margin:0 0 8px;color:#57606a;font-size:.9rem}
.tag{display:inline-block;padding:0 8px;border-radius:999px;background:#eaeef2;color:#1f2328;font-weight:600;font-size:.8rem;margin-right:4px}
.incident{border-left:4px solid #8c959f}
.impact-minor{border-left-color:#d4a72c}.impact-major{border-left-color:#bc4c00}.impact-critical{border-left-color:#b42318}
.maintenance{border-left:4px solid #0b5cad}
.timeline{list-style:none;margin:0;padding:0}
.timeline li{padding:8px 0;border-top:1px solid #eaeef2}
.when{margin:0;font-size:.9rem;color:#57606a}.when strong{color:#1f2328}
.body{overflow-wrap:anywhere}.body p{margin:4px 0}
.body pre{overflow-x:auto;background:#f6f8fa;padding:8px;border-radius:6px}
.day{margin-bottom:16px}.day>h3{color:#57606a;font-size:.95rem;border-bottom:1px solid #d0d7de;padding-bottom:4px}
.empty{color:#57606a;margin:4px 0}
.quiet{display:flex;flex-wrap:wrap;justify-content:space-between;align-items:baseline;gap:0 12px;border-bottom:1px solid #d0d7de;margin-bottom:8px}
.quiet>h3{border:0;margin:0;padding:4px 0}.quiet .empty{font-size:.9rem;margin:0}
footer{margin:32px auto;font-size:.85rem;color:#57606a}
.visually-hidden{position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#sp-pause{font:inherit;font-size:.85rem;padding:2px 10px;border:1px solid #8c959f;border-radius:6px;background:#fff;color:#1f2328;cursor:pointer}
#sp-pause:focus-visible,a:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.subscribe label{display:block;font-weight:600;margin:0 0 4px}
.subscribe fieldset{border:1px solid #d0d7de;border-radius:6px;margin:12px 0;padding:8px 12px}
.subscribe legend{padding:0 4px;font-weight:600}
.checks{list-style:none;margin:0;padding:0;columns:16em auto}
.checks li{padding:2px 0;break-inside:avoid}
.checks label{display:inline;font-weight:400;overflow-wrap:anywhere}
.checks input{margin:0 6px 0 0}
.field{width:100%;max-width:28em;font:inherit;padding:6px 8px;border:1px solid #6e7781;border-radius:6px;background:#fff;color:#1f2328}
.actions{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0 0}
.btn{font:inherit;font-weight:600;padding:6px 16px;border:1px solid #1a7f37;border-radius:6px;background:#1a7f37;color:#fff;cursor:pointer}
.btn-secondary{border-color:#8c959f;background:#fff;color:#1f2328}
.btn-danger{border-color:#b42318;background:#fff;color:#b42318}
.btn:focus-visible,.field:focus-visible,.checks input:focus-visible{outline:3px solid #0969da;outline-offset:2px}
.notice{padding:10px 14px;border-radius:6px;background:#ddf4ff;border:1px solid #54aeff;margin:0 0 12px}
.problem{padding:10px 14px;border-radius:6px;background:#ffebe9;border:1px solid #ff8182;margin:0 0 12px}
`.replace(/\n/g, '');

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * The Content-Security-Policy of every public HTML page: nothing runs or loads
 * but the page's own inline style and refresh script (by hash), same-origin
 * fetches and images, and forms posting to this origin.
 */
export const PUBLIC_HTML_CSP = [
  "default-src 'none'",
  `style-src ${sha256(CSS)}`,
  `script-src ${sha256(REFRESH_SCRIPT)}`,
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
].join('; ');
