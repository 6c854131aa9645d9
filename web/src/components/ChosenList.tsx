// What a picker has chosen so far (students, staff), each with a button that takes it off
// again, named after what it removes so screen-reader users know which one.
export interface ChosenItem {
  id: number;
  name: string;
  detail?: string;
}

interface Props {
  label: string;
  items: ChosenItem[];
  onRemove(id: number): void;
}

export function ChosenList({ label, items, onRemove }: Props) {
  return (
    <ul className="chosen-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.id}>
          <span>
            <strong>{item.name}</strong>
            {item.detail ? `, ${item.detail}` : ""}
          </span>
          <button type="button" aria-label={`Remove ${item.name}`} onClick={() => onRemove(item.id)}>
            Remove
          </button>
        </li>
      ))}
    </ul>
  );
}
