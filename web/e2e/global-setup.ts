import { startServer } from "./server";
import { sessionEnv, users } from "./users";

// Signs a user in once for the whole run: argon2id is slow on purpose (and slower still in
// the sanitizer build), so journeys that are not about signing in reuse these sessions.
async function signInOnce(url: string, email: string): Promise<string> {
  const response = await fetch(url + "/api/v1/auth/login", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: "trellis-demo" }),
  });
  const cookie = /trellis_session=([^;]+)/.exec(response.headers.get("set-cookie") ?? "");
  if (!response.ok || !cookie?.[1]) throw new Error(`cannot sign in ${email}: ${response.status}`);
  return cookie[1];
}

// One server for the whole run; tests find it through TRELLIS_E2E_URL (see fixtures.ts).
export default async function globalSetup() {
  const server = await startServer();
  process.env.TRELLIS_E2E_URL = server.url;
  for (const [key, email] of Object.entries(users)) {
    process.env[sessionEnv(key)] = await signInOnce(server.url, email);
  }
  return async () => server.stop();
}
