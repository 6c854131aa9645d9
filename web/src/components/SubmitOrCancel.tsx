// A form's two last buttons: submit (saying what it is doing while busy) and cancel.
interface Props {
  label: string;
  busyLabel: string;
  busy: boolean;
  onCancel(): void;
}

export function SubmitOrCancel({ label, busyLabel, busy, onCancel }: Props) {
  return (
    <div className="form-actions">
      <button type="submit" className="primary" disabled={busy}>
        {busy ? busyLabel : label}
      </button>
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </div>
  );
}
