/*
 * Puts the API's error messages beside the fields they name. A 400's `message`
 * is a list whose entries start with the field ("slug must match ...",
 * "scheduledStart: ...", "components.0.status must be ...", "property x should
 * not exist", "each value in events must be ..."); a 409 on a unique field reads "slug is already taken".
 */
/** An error answer of the API (or no answer: status 0). `messages` is always a list. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly messages: string[],
  ) {
    super(messages.join('; ') || `request failed (${status})`);
  }
}

export interface FormErrors {
  /** Messages by the form's field name. */
  fields: Record<string, string[]>;
  /** Messages that name no field of the form. */
  general: string[];
}

export const NO_ERRORS: FormErrors = { fields: {}, general: [] };

/** The field a message names, if it starts with one. */
export function fieldOf(message: string): string | null {
  const match = /^(?:property\s+|each value in\s+)?([A-Za-z_][A-Za-z0-9_]*)(?=[\s.:[]|$)/.exec(message);
  return match ? match[1] : null;
}

/**
 * `fieldFor` names the field of a message that does not start with it (for
 * example "ada@example.com is already subscribed": the email field); when it
 * answers null, the message's first word decides as usual.
 */
export function formErrors(error: unknown, fields: readonly string[], fieldFor?: (message: string) => string | null): FormErrors {
  if (!error) return NO_ERRORS;
  if (!(error instanceof ApiError)) return { fields: {}, general: [String((error as Error)?.message ?? error)] };
  const out: FormErrors = { fields: {}, general: [] };
  for (const message of error.messages) {
    const field = fieldFor?.(message) ?? fieldOf(message);
    if (field && fields.includes(field) && (error.status === 400 || error.status === 409 || error.status === 403)) {
      (out.fields[field] ??= []).push(message);
    } else {
      out.general.push(error.status === 403 ? `Not allowed with this key: ${message}` : message);
    }
  }
  return out;
}
