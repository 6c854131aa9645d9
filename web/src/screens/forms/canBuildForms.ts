import { can, type Allowing } from "../../access";

// Whether the user may build forms (their roles allow building a district or a school form
// somewhere: the New form button), or change this form (its allowed_actions). The API decides;
// this only spares others links that would be refused.
export function canBuildForms(record: Allowing | null): boolean {
  return can(record, "form.build_district") || can(record, "form.build_school");
}
