/* API keys (root only): page-scoped keys, the secret shown once, revoking. */
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { api, type ApiKey, ok } from '../api/client';
import { formErrors } from '../api/errors';
import { useTitle } from '../context';
import { keys, usePages } from '../queries';
import { browserZone } from '../time';
import { Empty, ErrorBox, Loading, SecretOnce, Time, useNotify } from '../ui/bits';
import { ConfirmDialog, Dialog } from '../ui/Dialog';
import { Check, Choices, Field, FormAlert } from '../ui/Field';

export function ApiKeysScreen() {
  useTitle('API keys');
  const list = useQuery({ queryKey: keys.apiKeys, queryFn: () => ok(api.GET('/api/v1/api-keys', { params: { query: { perPage: 100 } } })) });
  const pages = usePages();
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const names = new Map(pages.data?.map((p) => [p.id, p.name]));
  const zone = browserZone();
  return (
    <section className="stack">
      <h1 tabIndex={-1}>API keys</h1>
      <p className="muted">Keys scoped to some pages, for teams and tools that should touch only those. The root key is set in the server's configuration.</p>
      {list.isPending && <Loading what="API keys" />}
      {list.isError && <ErrorBox error={list.error} what="API keys" />}
      {list.data?.data.length === 0 && <Empty>No scoped keys yet.</Empty>}
      <ul className="cards" aria-label="API keys">
        {list.data?.data.map((k) => (
          <li key={k.id} className="card">
            <span className="card-title">{k.name}</span>
            <span className="small">Pages: {k.pageIds.map((id) => names.get(id) ?? id).join(', ') || 'none'}</span>
            <span className="muted small">
              Created <Time iso={k.createdAt} zone={zone} />
            </span>
            <span className="muted small">{k.lastUsedAt ? <>Last used <Time iso={k.lastUsedAt} zone={zone} /></> : 'Never used'}</span>
            <span className="actions">
              <button type="button" className="button small danger-outline" onClick={() => setRevoking(k)}>
                Revoke<span className="sr-only"> {k.name}</span>
              </button>
            </span>
          </li>
        ))}
      </ul>
      <NewKeyForm />
      <RevokeKey apiKey={revoking} onClose={() => setRevoking(null)} />
    </section>
  );
}

function NewKeyForm() {
  const pages = usePages();
  const [name, setName] = useState('');
  const [pageIds, setPageIds] = useState<string[]>([]);
  const [secret, setSecret] = useState<string | null>(null);
  const create = useMutation({
    mutationFn: () => ok(api.POST('/api/v1/api-keys', { body: { name, pageIds } })),
    onSuccess: (created) => {
      setSecret(created.key);
      setName('');
      setPageIds([]);
    },
  });
  const errors = formErrors(create.error, ['name', 'pageIds']);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <>
      <form className="card form" onSubmit={submit} noValidate aria-labelledby="new-key">
        <h2 id="new-key">Create a key</h2>
        <Field label="Key name" name="name" errors={errors.fields} hint="Who or what uses it, e.g. “Payments team”.">
          {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
        </Field>
        <Choices legend="Pages it may manage" name="pageIds" errors={errors.fields}>
          {pages.data?.map((p) => (
            <Check
              key={p.id}
              label={p.name}
              checked={pageIds.includes(p.id)}
              onChange={(on) => setPageIds(on ? [...pageIds, p.id] : pageIds.filter((x) => x !== p.id))}
            />
          ))}
        </Choices>
        <FormAlert messages={errors.general} />
        <div className="actions">
          <button type="submit" className="button primary" disabled={create.isPending}>
            Create key
          </button>
        </div>
      </form>
      <Dialog open={secret !== null} title="New API key" onClose={() => setSecret(null)}>
        {secret && <SecretOnce label="API key" secret={secret} onDone={() => setSecret(null)} />}
      </Dialog>
    </>
  );
}

function RevokeKey({ apiKey, onClose }: { apiKey: ApiKey | null; onClose: () => void }) {
  const notify = useNotify();
  const remove = useMutation({
    mutationFn: (id: string) => ok(api.DELETE('/api/v1/api-keys/{apiKeyId}', { params: { path: { apiKeyId: id } } })),
    onSuccess: () => {
      notify('Key revoked.');
      onClose();
    },
  });
  return (
    <ConfirmDialog
      open={apiKey !== null}
      title={`Revoke “${apiKey?.name ?? ''}”?`}
      confirmLabel="Revoke key"
      busy={remove.isPending}
      error={remove.error?.message}
      onConfirm={() => apiKey && remove.mutate(apiKey.id)}
      onClose={onClose}
    >
      <p>Anything using this key gets 401 from now on.</p>
    </ConfirmDialog>
  );
}
