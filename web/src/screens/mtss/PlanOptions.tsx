// The area and tier choices the plan and group screens share.
import { Field } from "../../components/Field";
import { areaLabels, areas, tiers } from "./labels";

export function AreaOptions() {
  return (
    <>
      {areas.map((area) => (
        <option key={area} value={area}>
          {areaLabels[area]}
        </option>
      ))}
    </>
  );
}

export function TierOptions() {
  return (
    <>
      {tiers.map((tier) => (
        <option key={tier} value={String(tier)}>
          Tier {tier}
        </option>
      ))}
    </>
  );
}

interface AreaTierProps {
  area: string;
  tier: string;
  onChange(name: "area" | "tier", value: string): void;
  fields: Record<string, string>;
}

// The area and tier of a new plan or group, side by side, with the server's messages.
export function AreaTierFields({ area, tier, onChange, fields }: AreaTierProps) {
  return (
    <>
      <Field label="Area" error={fields.area}>
        <select value={area} onChange={(event) => onChange("area", event.target.value)}>
          <AreaOptions />
        </select>
      </Field>
      <Field label="Tier" error={fields.tier}>
        <select value={tier} onChange={(event) => onChange("tier", event.target.value)}>
          <TierOptions />
        </select>
      </Field>
    </>
  );
}
