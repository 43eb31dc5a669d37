import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { api, ok, type Schemas } from '../api/client';
import { usePageContext, useTitle, useWho } from '../context';
import { navigate } from '../router';
import { useNotify } from '../ui/bits';
import { ConfirmDialog } from '../ui/Dialog';
import { PageForm } from './Pages';

export function SettingsScreen() {
  const page = usePageContext();
  const { root } = useWho();
  useTitle('Settings', page.name);
  const notify = useNotify();
  const [confirming, setConfirming] = useState(false);

  const save = useMutation({
    mutationFn: (body: Schemas['UpdatePageDto']) => ok(api.PATCH('/api/v1/pages/{pageId}', { params: { path: { pageId: page.id } }, body })),
    onSuccess: () => notify('Page settings saved.'),
  });
  const remove = useMutation({
    mutationFn: () => ok(api.DELETE('/api/v1/pages/{pageId}', { params: { path: { pageId: page.id } } })),
    onSuccess: () => {
      notify(`Page “${page.name}” deleted.`);
      navigate('/');
    },
  });

  return (
    <section className="stack narrow">
      <h1 tabIndex={-1}>Settings</h1>
      <PageForm
        page={page}
        submitLabel="Save settings"
        busy={save.isPending}
        error={save.error}
        onSubmit={(body, touched) => {
          const patch: Schemas['UpdatePageDto'] = {};
          if (touched.has('name')) patch.name = body.name;
          if (touched.has('slug')) patch.slug = body.slug;
          if (touched.has('description')) patch.description = body.description || null;
          if (touched.has('url')) patch.url = body.url || null;
          if (touched.has('domain') && root) patch.domain = body.domain || null;
          if (touched.has('timeZone')) patch.timeZone = body.timeZone;
          if (touched.has('isPublic')) patch.isPublic = body.isPublic;
          if (touched.has('allowSubscribers')) patch.allowSubscribers = body.allowSubscribers;
          save.mutate(patch);
        }}
      />
      <section className="card danger-zone" aria-labelledby="danger-page">
        <h2 id="danger-page">Delete this page</h2>
        <p>Its components, incidents, maintenances, webhooks and subscribers go with it. This cannot be undone.</p>
        <button type="button" className="button danger" onClick={() => setConfirming(true)}>
          Delete page…
        </button>
      </section>
      <ConfirmDialog
        open={confirming}
        title={`Delete “${page.name}”?`}
        confirmLabel="Delete page"
        busy={remove.isPending}
        error={remove.error?.message}
        onConfirm={() => remove.mutate()}
        onClose={() => setConfirming(false)}
      >
        <p>
          The public page at <span className="mono">/status/{page.slug}</span> stops answering, and everything on it is deleted.
        </p>
      </ConfirmDialog>
    </section>
  );
}
