// Vault file controls: a file picker that also takes a file dropped on it, the progress bar of a
// file's transfer, and the button that downloads a vault file and decrypts it in the browser.
import { type DragEvent, useId, useState } from "react";
import { describeError } from "../lib/hooks.ts";
import { useSession } from "../lib/session.tsx";
import { openFile, type Progress, saveBlob } from "../lib/vaultFiles.ts";
import { useVaultKeys } from "../lib/vaultKeys.tsx";
import { FailureLine } from "./ui.tsx";

/** A drop zone with a Choose button; `file` is the file chosen, if any. */
export function FileDrop({
  label,
  hint,
  file,
  onFile,
  disabled,
}: {
  label: string;
  hint?: string;
  file: File | undefined;
  onFile: (file: File) => void;
  disabled?: boolean;
}) {
  const id = useId();
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const dropped = e.dataTransfer.files[0];
    if (dropped && !disabled) onFile(dropped);
  };
  return (
    <fieldset
      aria-label="File to encrypt"
      className={`file-drop ${over ? "file-drop-over" : ""}`}
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
      data-testid="file-drop"
    >
      <label htmlFor={id} className="btn btn-secondary">
        {label}
      </label>
      <input
        id={id}
        type="file"
        className="sr-only"
        disabled={disabled}
        onChange={(e) => {
          const chosen = e.target.files?.[0];
          if (chosen) onFile(chosen);
        }}
      />
      <span className="file-drop-text">
        {file ? (
          <>
            <strong>{file.name}</strong> · {formatBytes(file.size)}
          </>
        ) : (
          (hint ?? "or drop a file here")
        )}
      </span>
    </fieldset>
  );
}

const phaseLabels: Record<Progress["phase"], string> = {
  encrypting: "Encrypting in this browser",
  uploading: "Uploading ciphertext",
  downloading: "Downloading and decrypting",
};

/** A transfer's phase and how far it is. */
export function TransferProgress({ progress }: { progress: Progress | undefined }) {
  if (!progress) return null;
  const { phase, done, total } = progress;
  return (
    <div className="transfer-progress">
      <label>
        {phaseLabels[phase]} · {formatBytes(done)}
        {total > 0 && ` of ${formatBytes(total)}`}
        <progress max={total > 0 ? total : undefined} value={total > 0 ? done : undefined} />
      </label>
    </div>
  );
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}

/** Downloads the ciphertext through the node and decrypts it here, if one of the account's keys can. */
export function DownloadFile({ cid, name }: { cid: string; name: string }) {
  const { client } = useSession();
  const { unlock } = useVaultKeys();
  const [progress, setProgress] = useState<Progress>();
  const [error, setError] = useState<unknown>();
  const [saved, setSaved] = useState(false);
  if (!client) return null;
  const download = async () => {
    setError(undefined);
    setSaved(false);
    try {
      const keys = await unlock();
      const blob = await openFile(cid, keys, setProgress, client.account.address);
      saveBlob(blob, name);
      setSaved(true);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setProgress(undefined);
    }
  };
  return (
    <div className="form-actions file-actions">
      <button type="button" className="btn" onClick={() => void download()} disabled={progress !== undefined}>
        Download and decrypt
      </button>
      <TransferProgress progress={progress} />
      {saved && (
        <span className="feedback feedback-ok" data-testid="file-decrypted">
          ✓ Decrypted in this browser and saved
        </span>
      )}
      <FailureLine error={error} />
    </div>
  );
}
