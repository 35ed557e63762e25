// Registering a design from the browser: the file is hashed and encrypted in this page to the
// account's own vault key, only the ciphertext goes to the node's IPFS, and the design token records
// the plaintext's sha256, the ciphertext's CID and the title on chain.
import { type FormEvent, useState } from "react";
import { useLocation } from "wouter";
import { FileDrop, TransferProgress } from "../../../components/FileDrop.tsx";
import { Card, SubmitRow, TextField, useTextFields } from "../../../components/ui.tsx";
import { VaultKeyStatus } from "../../../components/VaultKeyStatus.tsx";
import { useChainAction } from "../../../lib/hooks.ts";
import { addVersion, type DipnetClient, registerDesign } from "../../../lib/sdk.ts";
import { useStoreOwnFile } from "../../../lib/vaultFiles.ts";

/** The registration form; with `parentId`, it registers a new version of that design. */
export function RegisterDesignForm({ parentId }: { parentId?: number }) {
  const [, navigate] = useLocation();
  const [file, setFile] = useState<File>();
  const [fileError, setFileError] = useState<string>();
  const { progress, store } = useStoreOwnFile();
  const f = useTextFields(parentId ? "design-version" : "design", { title: "" });
  const action = useChainAction(
    async (client: DipnetClient, chosen: File, title: string) => {
      const { cid, contentHash } = await store(chosen);
      const fields = { contentHash, cid, title };
      return parentId ? addVersion(client, { ...fields, parentId: BigInt(parentId) }) : registerDesign(client, fields);
    },
    parentId ? "Version registered" : "Design registered",
  );

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const title = f.values.title.trim();
    const titleBytes = new TextEncoder().encode(title).length;
    f.setErrors(titleBytes === 0 || titleBytes > 200 ? { title: "A title of 1 to 200 bytes." } : {});
    setFileError(file ? undefined : "Choose the design file (CAD, drawing, STEP…).");
    if (!file || titleBytes === 0 || titleBytes > 200) return;
    const result = await action.run(file, title);
    if (result) navigate(`/designs/${result.designId}`);
  };

  return (
    <Card
      title={parentId ? "Register a new version" : "Register a design"}
      subtitle="The file is encrypted in this browser to your key; the network sees only its ciphertext and hash"
    >
      <form className="form" onSubmit={submit} noValidate>
        <VaultKeyStatus />
        <FileDrop label="Choose a file" file={file} onFile={setFile} disabled={action.pending} />
        {fileError && (
          <div className="field-error" role="alert">
            {fileError}
          </div>
        )}
        <TextField label="Title" {...f.bind("title")} placeholder="Gearbox housing rev A" />
        <TransferProgress progress={progress} />
        <SubmitRow
          action={action}
          label={parentId ? "Encrypt and register version" : "Encrypt and register"}
          pendingLabel="Registering…"
          testId="register-design"
        />
      </form>
    </Card>
  );
}
