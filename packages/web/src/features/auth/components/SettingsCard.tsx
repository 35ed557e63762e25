// Your own settings on this node (contact e-mail, which notifications you want): private to you,
// read and written with your Sign-In with Ethereum session.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { Card, ErrorNote, Loading, TextField } from "../../../components/ui.tsx";
import { type AccountSettings, api, notificationKinds } from "../../../lib/api.ts";
import { describeError } from "../../../lib/hooks.ts";

const kindLabel: Record<(typeof notificationKinds)[number], string> = {
  rfqs: "New RFQs",
  bids: "Bids",
  awards: "Awards",
  milestones: "Milestones",
  disputes: "Disputes",
  payments: "Payments",
};

export function SettingsCard({ address }: { address: string }) {
  const queryClient = useQueryClient();
  const key = ["private", "settings", address.toLowerCase()];
  const q = useQuery({ queryKey: key, queryFn: ({ signal }) => api.settings(address, signal), retry: 0 });
  const [email, setEmail] = useState("");
  const [notify, setNotify] = useState<AccountSettings["notify"] | undefined>();
  useEffect(() => {
    if (q.data) {
      setEmail(q.data.email ?? "");
      setNotify(q.data.notify);
    }
  }, [q.data]);
  const save = useMutation({
    mutationFn: (s: Pick<AccountSettings, "email" | "notify">) => api.putSettings(address, s),
    onSuccess: (s) => queryClient.setQueryData(key, s),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (notify) save.mutate({ email: email.trim() || null, notify });
  };
  return (
    <Card title="Your settings" subtitle="Private: only you, signed in, can see or change them.">
      {q.isPending ? (
        <Loading rows={2} />
      ) : q.error ? (
        <ErrorNote error={q.error} />
      ) : (
        <form className="stack" onSubmit={submit} data-testid="settings-form">
          <TextField
            id="settings-email"
            label="Contact e-mail"
            type="email"
            value={email}
            onChange={setEmail}
            error={save.error ? describeError(save.error).message : undefined}
          />
          <fieldset className="checks">
            <legend>Notify me about</legend>
            {notificationKinds.map((k) => (
              <label key={k}>
                <input
                  type="checkbox"
                  checked={notify?.[k] ?? false}
                  onChange={(e) => setNotify((n) => (n ? { ...n, [k]: e.target.checked } : n))}
                />{" "}
                {kindLabel[k]}
              </label>
            ))}
          </fieldset>
          <button type="submit" className="btn btn-small settings-save" disabled={save.isPending}>
            Save settings
          </button>
          {save.isSuccess && <span className="verified">Saved</span>}
        </form>
      )}
    </Card>
  );
}
