// A file picker that also takes a file dropped on it, and the progress bar of a file's transfer.
import { type DragEvent, useId, useState } from "react";
import type { Progress } from "../lib/vaultFiles.ts";

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

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MiB`;
}
