// The sentence saying what the user's last action did. The live region is always there, so
// screen readers announce the sentence when it appears.
export function StatusNotice({ notice }: { notice: string | null | undefined }) {
  return <div role="status">{notice && <p className="notice">{notice}</p>}</div>;
}
