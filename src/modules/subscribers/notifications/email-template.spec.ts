import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { EmailShape, EmailTemplate, fullEmail, Recipient } from './email-template';

const from = 'Acme Status <status@acme.test>';

/** The same email composed in full by nodemailer, as the mailer sends it without a template. */
async function composedInFull(shape: EmailShape, r: Recipient): Promise<string> {
  const { message } = await createTransport({ streamTransport: true, buffer: true, newline: 'windows' }).sendMail(fullEmail(shape.from, shape.subject, r));
  return (message as Buffer).toString();
}

/** What a mail client reads of a message. */
async function read(raw: string) {
  const m = await simpleParser(raw);
  const header = (name: string) => m.headerLines.find((h) => h.key === name)?.line.replace(/\r\n\s+/g, ' ');
  return {
    from: m.from?.text,
    to: Array.isArray(m.to) ? m.to.map((a) => a.text) : m.to?.text,
    subject: m.subject,
    messageId: m.messageId,
    inReplyTo: m.inReplyTo,
    references: m.references,
    listUnsubscribe: header('list-unsubscribe'),
    listUnsubscribePost: header('list-unsubscribe-post'),
    text: m.text,
    html: m.html,
    attachments: m.attachments.length,
  };
}

const token = 'Q2hhbmdlcyB0byB0aGUgc2VydmljZQ-9_abcdefghijklmn';
const long = 'x'.repeat(60);

describe('EmailTemplate', () => {
  const shapes: EmailShape[] = [
    { from, subject: 'Élevé: elevated error rates on the API, and a subject long enough to be folded over lines', threaded: true, unsubscribe: true },
    { from, subject: 'Confirm your subscription to Acme', threaded: false, unsubscribe: true },
    { from, subject: 'Plain', threaded: false, unsubscribe: false },
  ];
  const recipients: Recipient[] = [
    {
      to: 'someone@example.test',
      messageId: '<0b7c3c9e-5d0a-4a55-9b1e-3f2a1c4d5e6f@acme.test>',
      inReplyTo: '<incident-1.6d1f.7e2a@acme.test>',
      unsubscribeUrl: `https://status.acme.test/status/acme/subscriptions/unsubscribe?token=${token}`,
      text: `We are investigating.\n\nManage: https://status.acme.test/status/acme/subscriptions/manage?token=${token}\n`,
      html: `<p>We are <strong>investigating</strong> — naïve “quotes” 🚒</p><p><a href="https://status.acme.test/status/acme/subscriptions/manage?token=${token}">Manage</a></p>`,
    },
    {
      to: `a.very.long.local.part+tag${long}@subdomain.example.test`,
      messageId: `<${long}.0b7c3c9e-5d0a-4a55-9b1e-3f2a1c4d5e6f@acme.test>`,
      inReplyTo: `<${long}.root@acme.test>`,
      unsubscribeUrl: `https://status.acme.test/status/${long}/subscriptions/unsubscribe?token=${token}`,
      text: 'x'.repeat(5000),
      html: `<p>${'y'.repeat(5000)}</p>`,
    },
  ];

  for (const shape of shapes) {
    for (const r of recipients) {
      const recipient = { ...r, inReplyTo: shape.threaded ? r.inReplyTo : undefined, unsubscribeUrl: shape.unsubscribe ? r.unsubscribeUrl : undefined };
      it(`reads as nodemailer's own composition (${shape.subject.slice(0, 20)}, ${r.to.slice(0, 20)})`, async () => {
        const template = await EmailTemplate.compose(shape);
        const raw = template.fill(recipient);
        expect(raw).not.toBeNull();
        expect(raw).toMatch(/^[\x20-\x7e\r\n\t]*$/); // 7-bit: any SMTP server takes it
        for (const line of raw!.split('\r\n')) expect(line.length).toBeLessThanOrEqual(998);
        expect(await read(raw!)).toEqual(await read(await composedInFull(shape, recipient)));
      });
    }
  }

  it('gives each recipient only its own lines', async () => {
    const template = await EmailTemplate.compose(shapes[0]);
    const [a, b] = recipients.map((r) => template.fill({ ...r, to: r.to.replace(long, 'b') }));
    const ra = await read(a!);
    const rb = await read(b!);
    expect(ra.to).toBe('someone@example.test');
    expect(rb.to).toContain('+tagb@');
    expect(ra.text).not.toEqual(rb.text);
    expect(ra.subject).toEqual(rb.subject);
  });

  it.each(['Someone@Example.TEST', 'jörg@example.test', 'user@bücher.example', '"quoted name"@example.test'])(
    'leaves %s to be composed in full (nodemailer encodes it)',
    async (to) => {
      const template = await EmailTemplate.compose(shapes[2]);
      expect(template.fill({ ...recipients[0], to, inReplyTo: undefined, unsubscribeUrl: undefined })).toBeNull();
    },
  );
});
