// A note or a file whose keccak256 becomes the evidence hash; the content stays with its owner.
import { useId } from "react";

export type EvidenceValue = { text: string; file: File | null };

export function EvidenceInput({
  value,
  onChange,
  label,
  placeholder,
  error,
  testId,
}: {
  value: EvidenceValue;
  onChange: (v: EvidenceValue) => void;
  label: string;
  placeholder: string;
  error?: string | undefined;
  testId?: string;
}) {
  const id = useId();
  return (
    <div className={`field ${error ? "field-invalid" : ""}`}>
      <label htmlFor={`${id}-text`}>{label}</label>
      <textarea
        id={`${id}-text`}
        rows={2}
        value={value.text}
        placeholder={placeholder}
        data-testid={testId}
        aria-invalid={Boolean(error)}
        onChange={(e) => onChange({ ...value, text: e.target.value })}
      />
      <div className="file-row">
        <label htmlFor={`${id}-file`} className="file-label">
          or attach a file
        </label>
        <input
          id={`${id}-file`}
          type="file"
          onChange={(e) => onChange({ ...value, file: e.target.files?.[0] ?? null })}
        />
      </div>
      {error ? (
        <div className="field-error" role="alert">
          {error}
        </div>
      ) : (
        <div className="field-hint">Hashed in your browser (keccak256); only the hash is recorded on chain.</div>
      )}
    </div>
  );
}

export function evidenceMissing(v: EvidenceValue): boolean {
  return !v.file && v.text.trim().length === 0;
}
