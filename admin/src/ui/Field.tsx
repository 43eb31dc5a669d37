/*
 * A labelled form field with its hint and the API's messages for it. The
 * child gets the id, name and ARIA wiring: `{(p) => <input {...p} />}`.
 */
import { type ReactNode, useId } from 'react';

export interface FieldControlProps {
  id: string;
  name: string;
  'aria-invalid': boolean | undefined;
  'aria-describedby': string | undefined;
}

interface FieldProps {
  label: ReactNode;
  name: string;
  errors?: Record<string, string[]>;
  hint?: ReactNode;
  /** Laid out as a check box: control first, label after. */
  inline?: boolean;
  /** A layout of its own (for example a row of a table-like list). */
  className?: string;
  children: (props: FieldControlProps) => ReactNode;
}

export function Field({ label, name, errors, hint, inline, className, children }: FieldProps) {
  const id = useId();
  const messages = errors?.[name] ?? [];
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = messages.length ? `${id}-error` : undefined;
  const describedBy = [errorId, hintId].filter(Boolean).join(' ') || undefined;
  const control = children({ id, name, 'aria-invalid': messages.length ? true : undefined, 'aria-describedby': describedBy });
  return (
    <div className={`field${inline ? ' field-inline' : ''}${className ? ` ${className}` : ''}${messages.length ? ' field-invalid' : ''}`} data-field={name}>
      {inline ? (
        <>
          {control}
          <label htmlFor={id}>{label}</label>
        </>
      ) : (
        <>
          <label htmlFor={id}>{label}</label>
          {control}
        </>
      )}
      {hint && (
        <p className="hint" id={hintId}>
          {hint}
        </p>
      )}
      <FieldMessages id={errorId} messages={messages} />
    </div>
  );
}

/** A form's end: the errors that name no field, then Cancel (when it can be) and the submit button. */
export function FormFooter({
  messages,
  busy,
  submitLabel,
  onCancel,
}: {
  messages: string[];
  busy: boolean;
  submitLabel: string;
  onCancel?: () => void;
}) {
  return (
    <>
      <FormAlert messages={messages} />
      <div className="actions">
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Saving…' : submitLabel}
        </button>
      </div>
    </>
  );
}

/** Errors that name no field of the form, above its buttons. */
export function FormAlert({ messages }: { messages: string[] }) {
  if (!messages.length) return null;
  return (
    <div className="form-alert" role="alert">
      {messages.map((m) => (
        <p key={m}>{sentence(m)}</p>
      ))}
    </div>
  );
}

/** The API's messages for one field, beside it (the one place this markup lives). */
function FieldMessages({ id, messages }: { id: string | undefined; messages: string[] }) {
  if (!messages.length) return null;
  return (
    <p className="field-error" id={id} role="alert">
      {messages.map((m) => (
        <span key={m}>{sentence(m)}</span>
      ))}
    </p>
  );
}

function sentence(message: string): string {
  return message.charAt(0).toUpperCase() + message.slice(1);
}

/** A group of check boxes (or radios) with a visible legend. */
export function Choices({
  legend,
  name,
  errors,
  hint,
  children,
}: {
  legend: ReactNode;
  name: string;
  errors?: Record<string, string[]>;
  hint?: ReactNode;
  children: ReactNode;
}) {
  const id = useId();
  const messages = errors?.[name] ?? [];
  return (
    <fieldset className={`choices${messages.length ? ' field-invalid' : ''}`} data-field={name} aria-describedby={messages.length ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {hint && <p className="hint">{hint}</p>}
      <div className="choice-list">{children}</div>
      <FieldMessages id={`${id}-error`} messages={messages} />
    </fieldset>
  );
}

/** A check box with its label after it (inside a Choices group, which carries the errors). */
export function Check({
  label,
  checked,
  onChange,
  name,
}: {
  label: ReactNode;
  checked: boolean;
  onChange: (checked: boolean) => void;
  name?: string;
}) {
  return (
    <Field inline className="check" label={label} name={name ?? 'check'}>
      {(p) => <input {...p} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />}
    </Field>
  );
}
