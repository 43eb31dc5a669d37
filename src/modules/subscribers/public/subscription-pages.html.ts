import { plainShell, ShellPage } from '../../status-pages/public/html/page-shell';
import { escapeHtml as e } from '../../status-pages/public/html/text';
import { SubscriptionResponseDto } from '../dto/subscriber.dto';

/*
 * The pages a subscriber sees: after subscribing, and behind the links of the
 * emails (confirm, manage, unsubscribe). Plain forms posting to the same URL
 * (token included), so they work without JavaScript; the status page's look,
 * stylesheet and Content-Security-Policy (no inline style, no script).
 */

/** The form's target: the page it is on (its token kept), on this origin. */
const here = (path: string, token: string) => `${e(path)}?token=${encodeURIComponent(token)}`;

export function acceptedPage(page: ShellPage): string {
  return plainShell(
    page,
    `Check your inbox: ${page.name}`,
    `<h2>Check your inbox</h2>
<p class="notice" role="status">If this address is not subscribed yet, we have sent it an email with a link to confirm the subscription.</p>
<p>Follow the link in the email to start receiving updates. It is valid for 7 days.</p>
<p><a href="${e(page.publicUrl)}">Back to the status page</a></p>`,
  );
}

export function confirmPage(page: ShellPage, s: SubscriptionResponseDto, action: string, token: string): string {
  if (s.state === 'active') return confirmedPage(page, s);
  if (s.state === 'unsubscribed') return unsubscribedPage(page, s);
  return plainShell(
    page,
    `Confirm your subscription: ${page.name}`,
    `<h2>Confirm your subscription</h2>
<p>Send email updates about ${e(page.name)} to <strong>${e(s.email)}</strong>${followsText(s)}?</p>
<form class="card subscribe" method="post" action="${here(action, token)}">
<input type="hidden" name="confirm" value="yes">
<div class="actions"><button class="btn" type="submit">Confirm subscription</button></div>
</form>
<p class="note">If you did not ask for this, ignore the email: nothing will be sent.</p>`,
  );
}

export function confirmedPage(page: ShellPage, s: SubscriptionResponseDto): string {
  return plainShell(
    page,
    `Subscription confirmed: ${page.name}`,
    `<h2>Subscription confirmed</h2>
<p class="notice" role="status"><strong>${e(s.email)}</strong> will receive email updates about ${e(page.name)}${followsText(s)}.</p>
<p>Every email has a link to change what you follow or to unsubscribe.</p>
<p><a href="${e(page.publicUrl)}">Back to the status page</a></p>`,
  );
}

export function managePage(page: ShellPage, s: SubscriptionResponseDto, action: string, token: string, saved = false): string {
  if (s.state === 'unsubscribed') return unsubscribedPage(page, s);
  const choices = s.components
    .map(
      (c) =>
        `<li><input type="checkbox" id="sp-c-${e(c.id)}" name="componentIds" value="${e(c.id)}"${c.followed ? ' checked' : ''}><label for="sp-c-${e(c.id)}">${e(c.name)}</label></li>`,
    )
    .join('');
  const fieldset = choices
    ? `<fieldset>
<legend>Components to follow (none checked: the whole page)</legend>
<ul class="checks">${choices}</ul>
</fieldset>`
    : '<p>This page has no components: you follow all of it.</p>';
  return plainShell(
    page,
    `Email updates: ${page.name}`,
    `<h2>Your email updates</h2>
${saved ? '<p class="notice" role="status">Your choices are saved.</p>' : ''}
<p>Updates about ${e(page.name)} go to <strong>${e(s.email)}</strong>${s.state === 'pending' ? ' once the subscription is confirmed' : ''}.</p>
<form class="card subscribe" method="post" action="${here(action, token)}">
${fieldset}
<div class="actions"><button class="btn" type="submit" name="action" value="update">Save choices</button></div>
</form>
<form class="card subscribe" method="post" action="${here(action, token)}">
<p>Stop every email about ${e(page.name)}.</p>
<div class="actions"><button class="btn btn-danger" type="submit" name="action" value="unsubscribe">Unsubscribe</button></div>
</form>`,
  );
}

export function unsubscribePage(page: ShellPage, s: SubscriptionResponseDto, action: string, token: string): string {
  if (s.state === 'unsubscribed') return unsubscribedPage(page, s);
  return plainShell(
    page,
    `Unsubscribe: ${page.name}`,
    `<h2>Unsubscribe</h2>
<p>Stop sending email updates about ${e(page.name)} to <strong>${e(s.email)}</strong>?</p>
<form class="card subscribe" method="post" action="${here(action, token)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<div class="actions"><button class="btn btn-danger" type="submit">Unsubscribe</button></div>
</form>`,
  );
}

export function unsubscribedPage(page: ShellPage, s: SubscriptionResponseDto): string {
  return plainShell(
    page,
    `Unsubscribed: ${page.name}`,
    `<h2>You are unsubscribed</h2>
<p class="notice" role="status"><strong>${e(s.email)}</strong> receives no more email about ${e(page.name)}.</p>
<p>Changed your mind? Subscribe again on <a href="${e(page.publicUrl)}">the status page</a>.</p>`,
  );
}

/** A refused request, for a reader in a browser (the same status as the JSON answer). */
export function problemPage(page: ShellPage, title: string, messages: string[]): string {
  return plainShell(
    page,
    `${title}: ${page.name}`,
    `<h2>${e(title)}</h2>
<div class="problem" role="alert">${messages.map((m) => `<p>${e(m)}</p>`).join('')}</div>
<p><a href="${e(page.publicUrl)}">Back to the status page</a></p>`,
  );
}

function followsText(s: SubscriptionResponseDto): string {
  if (s.componentIds.length === 0) return '';
  const names = s.components.filter((c) => c.followed).map((c) => e(c.name));
  return ` (${names.join(', ')})`;
}
