/* Per-component statuses for an incident: one labelled select for each component of the page. */
import type { Component, ComponentStatus } from '../api/client';
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABEL } from '../labels';
import { Choices, Field } from './Field';

export type StatusChoice = Record<string, ComponentStatus | ''>;

export function ComponentStatuses({
  legend,
  hint,
  components,
  value,
  onChange,
  current,
  errors,
}: {
  legend: string;
  hint?: string;
  components: Component[];
  value: StatusChoice;
  onChange: (next: StatusChoice) => void;
  /** The statuses the incident gives now (the empty choice then reads "No change"). */
  current?: Record<string, ComponentStatus>;
  errors?: Record<string, string[]>;
}) {
  if (components.length === 0) return <p className="muted">This page has no components.</p>;
  return (
    <Choices legend={legend} name="components" errors={errors} hint={hint}>
      {components.map((c) => {
        const now = current?.[c.id];
        return (
          <Field key={c.id} className="component-status-row" label={c.name} name={`component-${c.id}`}>
            {(p) => (
              <select {...p} value={value[c.id] ?? ''} onChange={(e) => onChange({ ...value, [c.id]: e.target.value as ComponentStatus | '' })}>
                <option value="">{current ? (now ? `No change (${COMPONENT_STATUS_LABEL[now].toLowerCase()})` : 'Not affected') : 'Not affected'}</option>
                {COMPONENT_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {COMPONENT_STATUS_LABEL[s]}
                  </option>
                ))}
              </select>
            )}
          </Field>
        );
      })}
    </Choices>
  );
}

/** The choices as the API's `components` list (the empty choice is left out). */
export function toIncidentComponents(value: StatusChoice): Array<{ componentId: string; status: ComponentStatus }> {
  return Object.entries(value).flatMap(([componentId, status]) => (status ? [{ componentId, status }] : []));
}
