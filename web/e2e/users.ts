// The demo district's sign-ins the journeys use (trellis serve --demo).
export const demoPassword = "trellis-demo";
export const users = {
  districtAdmin: "district.admin@demo.trellis.test",
  middleCounselor: "counselor.crm@demo.trellis.test",
  highTeacher: "teacher1.rhs@demo.trellis.test",
  middleTeacher: "teacher1.crm@demo.trellis.test",
  highInterventionist: "interventionist.rhs@demo.trellis.test",
};
export type UserKey = keyof typeof users;

// Where global-setup.ts leaves each user's session cookie for the test workers.
export function sessionEnv(key: string): string {
  return "TRELLIS_E2E_SESSION_" + key;
}
