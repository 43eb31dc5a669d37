/*
 * The page's first screen: its components by group, each with its status in
 * one tap (the on-call case), ordering, moving between groups, and editing.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type Component, type ComponentGroup, type ComponentStatus, ok } from '../api/client';
import { formErrors } from '../api/errors';
import { usePageContext, useTitle } from '../context';
import { COMPONENT_STATUSES, COMPONENT_STATUS_LABEL, COMPONENT_STATUS_SHORT, COMPONENT_TONE } from '../labels';
import { useComponents, useGroups } from '../queries';
import { Link } from '../router';
import { ComponentStatusBadge, Empty, ErrorBox, Loading, useNotify } from '../ui/bits';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { Field, FormAlert } from '../ui/Field';

const COMPONENT_FIELDS = ['name', 'description', 'groupId', 'position', 'status', 'onlyShowIfDegraded', 'showcase'] as const;

export function ComponentsScreen() {
  const page = usePageContext();
  useTitle('Components', page.name);
  const components = useComponents(page.id);
  const groups = useGroups(page.id);
  const [editing, setEditing] = useState<Component | null>(null);
  const [editingGroup, setEditingGroup] = useState<ComponentGroup | null>(null);

  if (components.isPending || groups.isPending) return <Loading what="components" />;
  if (components.isError) return <ErrorBox error={components.error} what="components" />;
  if (groups.isError) return <ErrorBox error={groups.error} what="groups" />;

  const byGroup = (groupId: string | null) => components.data.filter((c) => c.groupId === groupId);
  const ungrouped = byGroup(null);
  const degraded = components.data.filter((c) => c.effectiveStatus !== 'operational');

  return (
    <section className="stack">
      <div className="screen-head">
        <h1 tabIndex={-1}>Components</h1>
        <Link to={`/pages/${page.id}/incidents/new`} className="button primary">
          Open incident
        </Link>
      </div>
      {components.data.length > 0 && (
        <p className="muted summary-line">
          {degraded.length === 0 ? 'Every component is operational.' : `${degraded.length} of ${components.data.length} not operational.`}
        </p>
      )}
      {components.data.length === 0 && groups.data.length === 0 && (
        <Empty>No components yet. Add a group (optional) and the components people should see, below.</Empty>
      )}

      {groups.data.map((group, i) => (
        <section key={group.id} className="card group" aria-labelledby={`group-${group.id}`}>
          <div className="group-head">
            <h2 id={`group-${group.id}`}>{group.name}</h2>
            <div className="row-actions">
              <MoveButtons
                label={`group ${group.name}`}
                index={i}
                count={groups.data.length}
                onMove={(to) => reorderGroups(page.id, groups.data, i, to)}
              />
              <button type="button" className="button small" onClick={() => setEditingGroup(group)}>
                Edit<span className="sr-only"> group {group.name}</span>
              </button>
            </div>
          </div>
          <ComponentList items={byGroup(group.id)} onEdit={setEditing} />
        </section>
      ))}

      {(ungrouped.length > 0 || groups.data.length > 0) && (
        <section className="card group" aria-labelledby="group-none">
          <div className="group-head">
            <h2 id="group-none">{groups.data.length ? 'Not in a group' : 'Components'}</h2>
          </div>
          <ComponentList items={ungrouped} onEdit={setEditing} />
        </section>
      )}

      <div className="two-col">
        <NewComponentForm groups={groups.data} components={components.data} />
        <NewGroupForm groups={groups.data} />
      </div>

      <EditComponentDialog component={editing} groups={groups.data} onClose={() => setEditing(null)} />
      <EditGroupDialog group={editingGroup} onClose={() => setEditingGroup(null)} />
    </section>
  );
}

function ComponentList({ items, onEdit }: { items: Component[]; onEdit: (c: Component) => void }) {
  const page = usePageContext();
  if (items.length === 0) return <p className="muted empty-group">No components here.</p>;
  return (
    <ul className="components" aria-label="Components">
      {items.map((c, i) => (
        <li key={c.id} className="component" data-component={c.name}>
          <div className="component-head">
            <div className="component-name">
              <span className="name">{c.name}</span>
              {c.description && <span className="muted small">{c.description}</span>}
            </div>
            <ComponentStatusBadge status={c.effectiveStatus} />
          </div>
          {c.effectiveStatus !== c.status && (
            <p className="hint">
              Set by hand: {COMPONENT_STATUS_LABEL[c.status]}; shown as {COMPONENT_STATUS_LABEL[c.effectiveStatus].toLowerCase()} because of an open
              incident, a maintenance in progress or a firing alert.
            </p>
          )}
          {c.automatedStatus && (
            <p className="hint" data-testid="automated-status">
              Alerts firing now: {COMPONENT_STATUS_LABEL[c.automatedStatus].toLowerCase()} (set by an integration; goes when they resolve).
            </p>
          )}
          <StatusButtons component={c} />
          <div className="row-actions">
            <MoveButtons label={c.name} index={i} count={items.length} onMove={(to) => reorderComponents(page.id, items, i, to)} />
            <button type="button" className="button small" onClick={() => onEdit(c)}>
              Edit<span className="sr-only"> {c.name}</span>
            </button>
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The manual status in one tap. */
function StatusButtons({ component }: { component: Component }) {
  const page = usePageContext();
  const notify = useNotify();
  const set = useMutation({
    mutationFn: (status: ComponentStatus) =>
      ok(
        api.PATCH('/api/v1/pages/{pageId}/components/{componentId}', {
          params: { path: { pageId: page.id, componentId: component.id } },
          body: { status },
        }),
      ),
    onSuccess: (c) => notify(`${c.name}: ${COMPONENT_STATUS_LABEL[c.status]}`),
  });
  const shown = set.isPending && set.variables ? set.variables : component.status;
  return (
    <div className="status-buttons" role="group" aria-label={`Status of ${component.name}`}>
      {COMPONENT_STATUSES.map((s) => (
        <button
          key={s}
          type="button"
          className={`status-button tone-${COMPONENT_TONE[s]}`}
          aria-pressed={shown === s}
          disabled={set.isPending}
          onClick={() => shown !== s && set.mutate(s)}
        >
          <span className="dot" aria-hidden="true" />
          <span className="label-short" aria-hidden="true">
            {COMPONENT_STATUS_SHORT[s]}
          </span>
          <span className="label-long">{COMPONENT_STATUS_LABEL[s]}</span>
        </button>
      ))}
      {set.isError && (
        <p className="field-error" role="alert">
          {set.error.message}
        </p>
      )}
    </div>
  );
}

function MoveButtons({ label, index, count, onMove }: { label: string; index: number; count: number; onMove: (to: number) => Promise<void> }) {
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const queryClient = useQueryClient();
  const move = async (to: number) => {
    setBusy(true);
    try {
      await onMove(to);
      notify(`Moved ${label} ${to < index ? 'up' : 'down'}.`);
    } catch (err) {
      notify(`Could not move ${label}: ${(err as Error).message}`);
    } finally {
      setBusy(false);
      void queryClient.invalidateQueries();
    }
  };
  return (
    <>
      <button type="button" className="button small" disabled={busy || index === 0} onClick={() => move(index - 1)}>
        <span aria-hidden="true">↑</span> Up<span className="sr-only"> ({label})</span>
      </button>
      <button type="button" className="button small" disabled={busy || index === count - 1} onClick={() => move(index + 1)}>
        <span aria-hidden="true">↓</span> Down<span className="sr-only"> ({label})</span>
      </button>
    </>
  );
}

/** Moves item `from` to `to` and writes the positions that changed (0, 1, 2, ... in the new order). */
function reordered<T extends { id: string; position: number }>(items: T[], from: number, to: number): Array<{ item: T; position: number }> {
  const order = [...items];
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  return order.map((item, position) => ({ item, position })).filter(({ item, position }) => item.position !== position);
}

async function reorderComponents(pageId: string, items: Component[], from: number, to: number): Promise<void> {
  for (const { item, position } of reordered(items, from, to)) {
    await ok(
      api.PATCH('/api/v1/pages/{pageId}/components/{componentId}', {
        params: { path: { pageId, componentId: item.id } },
        body: { position },
      }),
    );
  }
}

async function reorderGroups(pageId: string, items: ComponentGroup[], from: number, to: number): Promise<void> {
  for (const { item, position } of reordered(items, from, to)) {
    await ok(
      api.PATCH('/api/v1/pages/{pageId}/component-groups/{groupId}', {
        params: { path: { pageId, groupId: item.id } },
        body: { position },
      }),
    );
  }
}

function GroupSelect({ groups, value, onChange, ...control }: { groups: ComponentGroup[]; value: string; onChange: (v: string) => void } & Record<string, unknown>) {
  return (
    <select {...control} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">No group</option>
      {groups.map((g) => (
        <option key={g.id} value={g.id}>
          {g.name}
        </option>
      ))}
    </select>
  );
}

function NewComponentForm({ groups, components }: { groups: ComponentGroup[]; components: Component[] }) {
  const page = usePageContext();
  const notify = useNotify();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [groupId, setGroupId] = useState('');
  const create = useMutation({
    mutationFn: () => {
      const siblings = components.filter((c) => c.groupId === (groupId || null));
      const position = siblings.reduce((max, c) => Math.max(max, c.position + 1), 0);
      return ok(
        api.POST('/api/v1/pages/{pageId}/components', {
          params: { path: { pageId: page.id } },
          body: { name, position, ...(groupId ? { groupId } : {}), ...(description ? { description } : {}) },
        }),
      );
    },
    onSuccess: (c) => {
      notify(`Component “${c.name}” added.`);
      setName('');
      setDescription('');
    },
  });
  const errors = formErrors(create.error, COMPONENT_FIELDS);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-component">
      <h2 id="new-component">Add a component</h2>
      <Field label="Component name" name="name" errors={errors.fields}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Group" name="groupId" errors={errors.fields}>
        {(p) => <GroupSelect {...p} groups={groups} value={groupId} onChange={setGroupId} />}
      </Field>
      <Field label="Description" name="description" errors={errors.fields} hint="Optional.">
        {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <FormAlert messages={errors.general} />
      <div className="actions">
        <button type="submit" className="button primary" disabled={create.isPending}>
          Add component
        </button>
      </div>
    </form>
  );
}

function NewGroupForm({ groups }: { groups: ComponentGroup[] }) {
  const page = usePageContext();
  const notify = useNotify();
  const [name, setName] = useState('');
  const create = useMutation({
    mutationFn: () =>
      ok(
        api.POST('/api/v1/pages/{pageId}/component-groups', {
          params: { path: { pageId: page.id } },
          body: { name, position: groups.reduce((max, g) => Math.max(max, g.position + 1), 0) },
        }),
      ),
    onSuccess: (g) => {
      notify(`Group “${g.name}” added.`);
      setName('');
    },
  });
  const errors = formErrors(create.error, ['name', 'position']);
  return (
    <form
      className="card form"
      onSubmit={(e) => {
        e.preventDefault();
        create.mutate();
      }}
      noValidate
      aria-labelledby="new-group"
    >
      <h2 id="new-group">Add a group</h2>
      <Field label="Group name" name="name" errors={errors.fields}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <FormAlert messages={errors.general} />
      <div className="actions">
        <button type="submit" className="button" disabled={create.isPending}>
          Add group
        </button>
      </div>
    </form>
  );
}

function EditComponentDialog({ component, groups, onClose }: { component: Component | null; groups: ComponentGroup[]; onClose: () => void }) {
  return (
    <Dialog open={component !== null} title={component ? `Edit ${component.name}` : ''} onClose={onClose}>
      {component && <EditComponentForm key={component.id} component={component} groups={groups} onClose={onClose} />}
    </Dialog>
  );
}

function EditComponentForm({ component, groups, onClose }: { component: Component; groups: ComponentGroup[]; onClose: () => void }) {
  const page = usePageContext();
  const notify = useNotify();
  const [name, setName] = useState(component.name);
  const [description, setDescription] = useState(component.description ?? '');
  const [groupId, setGroupId] = useState(component.groupId ?? '');
  const [onlyShowIfDegraded, setOnly] = useState(component.onlyShowIfDegraded);
  const [showcase, setShowcase] = useState(component.showcase);
  const [confirming, setConfirming] = useState(false);
  const path = { pageId: page.id, componentId: component.id };
  const save = useMutation({
    mutationFn: () =>
      ok(
        api.PATCH('/api/v1/pages/{pageId}/components/{componentId}', {
          params: { path },
          body: { name, description: description || null, groupId: groupId || null, onlyShowIfDegraded, showcase },
        }),
      ),
    onSuccess: (c) => {
      notify(`Component “${c.name}” saved.`);
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/pages/{pageId}/components/{componentId}', { params: { path } })),
    onSuccess: () => {
      notify(`Component “${component.name}” deleted.`);
      setConfirming(false);
      onClose();
    },
  });
  const errors = formErrors(save.error, COMPONENT_FIELDS);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <Field label="Name" name="name" errors={errors.fields}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <Field label="Description" name="description" errors={errors.fields}>
        {(p) => <input {...p} value={description} onChange={(e) => setDescription(e.target.value)} />}
      </Field>
      <Field label="Group" name="groupId" errors={errors.fields} hint="Moves the component into that group (at its position there).">
        {(p) => <GroupSelect {...p} groups={groups} value={groupId} onChange={setGroupId} />}
      </Field>
      <Field label="Show only while not operational" name="onlyShowIfDegraded" errors={errors.fields} inline>
        {(p) => <input {...p} type="checkbox" checked={onlyShowIfDegraded} onChange={(e) => setOnly(e.target.checked)} />}
      </Field>
      <Field label="Showcase: show its uptime bar" name="showcase" errors={errors.fields} inline>
        {(p) => <input {...p} type="checkbox" checked={showcase} onChange={(e) => setShowcase(e.target.checked)} />}
      </Field>
      <FormAlert messages={errors.general} />
      <div className="actions spread">
        <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
          Delete…
        </button>
        <span className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={save.isPending}>
            Save
          </button>
        </span>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${component.name}”?`}
        confirmLabel="Delete component"
        busy={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirming(false)}
      >
        <p>It disappears from the public page, from incidents and from maintenances.</p>
      </ConfirmDialog>
    </form>
  );
}

function EditGroupDialog({ group, onClose }: { group: ComponentGroup | null; onClose: () => void }) {
  return (
    <Dialog open={group !== null} title={group ? `Edit group ${group.name}` : ''} onClose={onClose}>
      {group && <EditGroupForm key={group.id} group={group} onClose={onClose} />}
    </Dialog>
  );
}

function EditGroupForm({ group, onClose }: { group: ComponentGroup; onClose: () => void }) {
  const page = usePageContext();
  const notify = useNotify();
  const [name, setName] = useState(group.name);
  const [confirming, setConfirming] = useState(false);
  const path = { pageId: page.id, groupId: group.id };
  const save = useMutation({
    mutationFn: () => ok(api.PATCH('/api/v1/pages/{pageId}/component-groups/{groupId}', { params: { path }, body: { name } })),
    onSuccess: () => {
      notify('Group saved.');
      onClose();
    },
  });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/pages/{pageId}/component-groups/{groupId}', { params: { path } })),
    onSuccess: () => {
      notify(`Group “${group.name}” deleted.`);
      setConfirming(false);
      onClose();
    },
  });
  const errors = formErrors(save.error, ['name']);
  return (
    <form
      className="form"
      onSubmit={(e) => {
        e.preventDefault();
        save.mutate();
      }}
      noValidate
    >
      <Field label="Group name" name="name" errors={errors.fields}>
        {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <FormAlert messages={errors.general} />
      <div className="actions spread">
        <button type="button" className="button danger-outline" onClick={() => setConfirming(true)}>
          Delete…
        </button>
        <span className="actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={save.isPending}>
            Save
          </button>
        </span>
      </div>
      <ConfirmDialog
        open={confirming}
        title={`Delete group “${group.name}”?`}
        confirmLabel="Delete group"
        busy={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirming(false)}
      >
        <p>Its components stay on the page, outside any group.</p>
      </ConfirmDialog>
    </form>
  );
}
