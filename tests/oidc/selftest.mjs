// Proves that tests/oidc/provider.mjs is the provider the single sign-on tests count on: it
// starts it as they do (a child process, reading its `listening` line), signs in through it
// with PKCE, state and nonce by following its redirects as a browser without JavaScript would,
// and checks every control route does what it says. Exits 0 when all is well, 1 otherwise.
//   node tests/oidc/selftest.mjs
import * as assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as crypto from "node:crypto";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

import * as jose from "jose";

const CLIENT_ID = "trellis-selftest";
const SECRET = "selftest-secret-a8f3";
const REDIRECT = "http://127.0.0.1:9/cb";
const ALICE = {
  sub: "alice-0001",
  email: "alice@district.test",
  email_verified: true,
  name: "Alice Example",
  hd: "district.test",
  tid: "9188040d-6c67-4c5b-b112-36a304b66dad",
};
const BOB = { sub: "bob-0002", email: "bob@elsewhere.test", email_verified: true, name: "Bob Plain" };

let passed = 0;
let failed = 0;
const results = [];
async function check(name, fn) {
  try {
    await fn();
    passed += 1;
    results.push(`ok   ${name}`);
  } catch (err) {
    failed += 1;
    results.push(
      `FAIL ${name}\n     ${String(err?.stack ?? err)
        .split("\n")
        .slice(0, 6)
        .join("\n     ")}`,
    );
  }
}

// ---- the provider, started the way the C++ driver starts it
const script = fileURLToPath(new URL("./provider.mjs", import.meta.url));
const child = spawn(process.execPath, [script, "--port", "0"], { stdio: ["pipe", "pipe", "inherit"] });
const lines = createInterface({ input: child.stdout });
const first = await Promise.race([
  once(lines, "line").then(([line]) => line),
  new Promise((_, reject) => setTimeout(() => reject(new Error("no listening line in 20 s")), 20000)),
  once(child, "exit").then(([code]) => {
    throw new Error(`provider exited (${code}) before listening`);
  }),
]);
const match = /^listening (http:\/\/127\.0\.0\.1:(\d+))$/.exec(first);
assert.ok(match, `unexpected first line: ${first}`);
const issuer = match[1];
const extraStdout = [];
lines.on("line", (line) => extraStdout.push(line));

// ---- HTTP helpers
async function control(path, body, { expect = 200 } = {}) {
  const res = await fetch(`${issuer}/__control/${path}`, {
    method: body === undefined ? "GET" : "POST",
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await res.json();
  assert.equal(res.status, expect, `${path}: ${JSON.stringify(json)}`);
  return json;
}

// A browser's cookie jar, enough for one origin: cookies by (path, name), sent where the
// request path is under the cookie's path; cleared cookies (empty or expired) dropped.
class CookieJar {
  cookies = new Map();

  store(response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(";").map((s) => s.trim());
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = "/";
      let expired = value === "";
      for (const attribute of attributes) {
        const [k, v = ""] = attribute.split("=");
        if (k.toLowerCase() === "path") path = v;
        if (k.toLowerCase() === "expires" && Date.parse(v) <= Date.now()) expired = true;
        if (k.toLowerCase() === "max-age" && Number(v) <= 0) expired = true;
      }
      const key = `${path}\n${name}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    return [...this.cookies.values()]
      .filter(({ path }) => pathname === path || pathname.startsWith(path.endsWith("/") ? path : `${path}/`))
      .map(({ name, value }) => `${name}=${value}`)
      .join("; ");
  }
}

// Follows the provider's redirects until one leaves its origin; returns that URL. A page
// (status 200) is returned as { page, url } for the form tests.
async function follow(url, jar, init = {}) {
  let next = url;
  let options = init;
  for (let hop = 0; hop < 20; hop += 1) {
    const headers = { ...(options.headers ?? {}) };
    const cookie = jar.header(next);
    if (cookie) headers.cookie = cookie;
    const res = await fetch(next, { ...options, headers, redirect: "manual" });
    jar.store(res);
    if (res.status >= 300 && res.status < 400) {
      const location = new URL(res.headers.get("location"), next).href;
      if (new URL(location).origin !== issuer) return { location };
      next = location;
      options = {};
      continue;
    }
    return { status: res.status, page: await res.text(), url: next };
  }
  throw new Error("too many redirects");
}

const pkcePair = () => {
  const verifier = crypto.randomBytes(32).toString("base64url");
  return { verifier, challenge: crypto.hash("sha256", verifier, "base64url") };
};

function authorizationUrl({ state, nonce, challenge, redirectUri = REDIRECT, clientId = CLIENT_ID, extra = {} }) {
  const url = new URL(`${issuer}/auth`);
  const params = {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid email profile",
    state,
    nonce,
    ...(challenge ? { code_challenge: challenge, code_challenge_method: "S256" } : {}),
    ...extra,
  };
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}

async function token(code, verifier, { secret = SECRET } = {}) {
  const res = await fetch(`${issuer}/token`, {
    method: "POST",
    headers: {
      authorization: `Basic ${Buffer.from(`${encodeURIComponent(CLIENT_ID)}:${encodeURIComponent(secret)}`).toString("base64")}`,
      "content-type": "application/x-www-form-urlencoded",
    },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }),
  });
  return { status: res.status, body: await res.json() };
}

// The whole sign-in as `sub`: authorize (auto-completed), code for tokens.
async function signIn(sub = ALICE.sub) {
  await control("next-login", { sub });
  const state = crypto.randomBytes(12).toString("base64url");
  const nonce = crypto.randomBytes(12).toString("base64url");
  const { verifier, challenge } = pkcePair();
  const { location } = await follow(authorizationUrl({ state, nonce, challenge }), new CookieJar());
  assert.ok(location, "the authorization ended on a page, not a redirect to the client");
  const callback = new URL(location);
  assert.equal(`${callback.origin}${callback.pathname}`, REDIRECT);
  assert.equal(callback.searchParams.get("state"), state);
  assert.equal(callback.searchParams.get("error"), null, location);
  const code = callback.searchParams.get("code");
  const tokens = await token(code, verifier);
  assert.equal(tokens.status, 200, JSON.stringify(tokens.body));
  return { ...tokens.body, nonce, code, verifier, state };
}

async function jwks() {
  const res = await fetch(`${issuer}/jwks`);
  return res.json();
}

async function verify(idToken, options = {}) {
  return jose.jwtVerify(idToken, jose.createLocalJWKSet(await jwks()), {
    issuer,
    audience: CLIENT_ID,
    algorithms: ["RS256"],
    ...options,
  });
}

const rejects = async (promise, code) => {
  await assert.rejects(promise, (err) => {
    assert.equal(err.code, code, `${err.code}: ${err.message}`);
    return true;
  });
};

// ---- the checks
try {
  await check("discovery: code flow, S256 only, endpoints on the issuer", async () => {
    const res = await fetch(`${issuer}/.well-known/openid-configuration`);
    const doc = await res.json();
    assert.equal(doc.issuer, issuer);
    assert.deepEqual(doc.response_types_supported, ["code"]);
    assert.deepEqual(doc.code_challenge_methods_supported, ["S256"]);
    assert.ok(doc.token_endpoint_auth_methods_supported.includes("client_secret_basic"));
    assert.deepEqual(doc.id_token_signing_alg_values_supported, ["RS256"]);
    for (const key of ["authorization_endpoint", "token_endpoint", "jwks_uri"]) {
      assert.ok(doc[key].startsWith(`${issuer}/`), key);
    }
  });

  await check("control: register a client, add accounts", async () => {
    await control("clients", { client_id: CLIENT_ID, client_secret: SECRET, redirect_uris: [REDIRECT] });
    await control("accounts", [ALICE, BOB]);
  });

  await check("control: bad requests are refused with 400", async () => {
    await control("id-token-mode", { mode: "sideways" }, { expect: 400 });
    await control("next-login", { sub: "nobody" }, { expect: 400 });
    await control("clients", { client_id: "x" }, { expect: 400 });
    await control("clients", { client_id: "x", client_secret: "s", redirect_uris: ["not a url"] }, { expect: 400 });
  });

  let first;
  await check("sign-in: code + PKCE S256 + state + nonce, ID token verifies against the JWKS", async () => {
    first = await signIn();
    const { payload, protectedHeader } = await verify(first.id_token);
    assert.equal(protectedHeader.alg, "RS256");
    const keys = (await jwks()).keys;
    assert.equal(keys.length, 1);
    assert.equal(protectedHeader.kid, keys[0].kid);
    assert.equal(payload.sub, ALICE.sub);
    assert.equal(payload.nonce, first.nonce);
    assert.equal(payload.email, ALICE.email);
    assert.equal(payload.email_verified, true);
    assert.equal(payload.name, ALICE.name);
    assert.equal(payload.hd, ALICE.hd);
    assert.equal(payload.tid, ALICE.tid);
    assert.ok(payload.exp > payload.iat);
  });

  await check("sign-in: an account without hd/tid gets an ID token without them", async () => {
    const { id_token: idToken } = await signIn(BOB.sub);
    const { payload } = await verify(idToken);
    assert.equal(payload.email, BOB.email);
    assert.ok(!("hd" in payload) && !("tid" in payload), JSON.stringify(payload));
  });

  await check("a replayed authorization code gets invalid_grant", async () => {
    const again = await token(first.code, first.verifier);
    assert.equal(again.status, 400);
    assert.equal(again.body.error, "invalid_grant");
  });

  await check("a wrong code_verifier gets invalid_grant", async () => {
    await control("next-login", { sub: ALICE.sub });
    const { challenge } = pkcePair();
    const { location } = await follow(authorizationUrl({ state: "s", nonce: "n", challenge }), new CookieJar());
    const res = await token(new URL(location).searchParams.get("code"), pkcePair().verifier);
    assert.equal(res.status, 400);
    assert.equal(res.body.error, "invalid_grant");
  });

  await check("a wrong client secret gets invalid_client", async () => {
    const res = await token("whatever", pkcePair().verifier, { secret: "wrong" });
    assert.equal(res.status, 401);
    assert.equal(res.body.error, "invalid_client");
  });

  await check("PKCE is required: no code_challenge is sent back as invalid_request", async () => {
    const { location } = await follow(authorizationUrl({ state: "s1", nonce: "n" }), new CookieJar());
    const callback = new URL(location);
    assert.equal(callback.searchParams.get("error"), "invalid_request");
    assert.equal(callback.searchParams.get("state"), "s1");
  });

  await check("PKCE plain is refused", async () => {
    const { location } = await follow(
      authorizationUrl({
        state: "s2",
        nonce: "n",
        extra: { code_challenge: "a".repeat(43), code_challenge_method: "plain" },
      }),
      new CookieJar(),
    );
    assert.equal(new URL(location).searchParams.get("error"), "invalid_request");
  });

  await check("an unregistered redirect_uri is an error page, never a redirect", async () => {
    const { challenge } = pkcePair();
    const result = await follow(
      authorizationUrl({ state: "s", nonce: "n", challenge, redirectUri: "http://127.0.0.1:9/elsewhere" }),
      new CookieJar(),
    );
    assert.equal(result.location, undefined);
    assert.equal(result.status, 400);
    assert.match(result.page, /redirect_uri/);
    assert.doesNotMatch(result.page, /googleapis/);
  });

  await check("without next-login the dev forms sign in and consent, as a browser would", async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkcePair();
    const login = await follow(authorizationUrl({ state: "form", nonce: "nf", challenge }), jar);
    assert.equal(login.status, 200);
    assert.match(login.page, /name="login"/);
    assert.doesNotMatch(login.page, /googleapis/, "the page must not load anything from the internet");
    const post = (url, fields) =>
      follow(url, jar, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams(fields),
      });
    const consent = await post(login.url, { prompt: "login", login: ALICE.sub, password: "anything" });
    assert.equal(consent.status, 200, consent.page);
    assert.match(consent.page, /value="consent"/);
    const { location } = await post(consent.url, { prompt: "consent" });
    const callback = new URL(location);
    assert.equal(callback.searchParams.get("state"), "form");
    const res = await token(callback.searchParams.get("code"), verifier);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const { payload } = await verify(res.body.id_token);
    assert.equal(payload.email, ALICE.email);
    assert.equal(payload.nonce, "nf");
  });

  await check("re-registering a client replaces its redirect URIs", async () => {
    const other = "http://127.0.0.1:9/other-cb";
    await control("clients", { client_id: CLIENT_ID, client_secret: SECRET, redirect_uris: [other] });
    const { challenge } = pkcePair();
    const old = await follow(authorizationUrl({ state: "s", nonce: "n", challenge }), new CookieJar());
    assert.equal(old.status, 400);
    await control("next-login", { sub: ALICE.sub });
    const now = await follow(
      authorizationUrl({ state: "s", nonce: "n", challenge, redirectUri: other }),
      new CookieJar(),
    );
    assert.ok(now.location.startsWith(`${other}?`), now.location);
    await control("clients", { client_id: CLIENT_ID, client_secret: SECRET, redirect_uris: [REDIRECT] });
  });

  // ---- id-token-mode: each makes the next ID token wrong in exactly its own way
  const spoiled = async (mode) => {
    await control("id-token-mode", { mode });
    const result = await signIn();
    return {
      ...result,
      header: jose.decodeProtectedHeader(result.id_token),
      payload: jose.decodeJwt(result.id_token),
    };
  };

  await check("id-token-mode alg_none: alg none, empty signature", async () => {
    const t = await spoiled("alg_none");
    assert.equal(t.header.alg, "none");
    assert.ok(t.id_token.endsWith("."));
    assert.equal(t.id_token.split(".").length, 3);
    assert.equal(t.payload.nonce, t.nonce);
    await assert.rejects(verify(t.id_token));
  });

  await check("id-token-mode is used once: the next ID token is normal again", async () => {
    const { id_token: idToken } = await signIn();
    await verify(idToken);
  });

  await check("id-token-mode hs256_public_key: HS256 keyed with the public key PEM", async () => {
    const t = await spoiled("hs256_public_key");
    assert.equal(t.header.alg, "HS256");
    const [jwk] = (await jwks()).keys;
    assert.equal(t.header.kid, jwk.kid);
    const pem = crypto.createPublicKey({ key: jwk, format: "jwk" }).export({ type: "spki", format: "pem" });
    const { payload } = await jose.jwtVerify(t.id_token, new TextEncoder().encode(pem), { algorithms: ["HS256"] });
    assert.equal(payload.nonce, t.nonce);
    await assert.rejects(verify(t.id_token));
  });

  await check("id-token-mode wrong_nonce: validly signed, another nonce", async () => {
    const t = await spoiled("wrong_nonce");
    const { payload } = await verify(t.id_token);
    assert.ok(payload.nonce && payload.nonce !== t.nonce);
  });

  await check("id-token-mode expired: validly signed, exp and iat over an hour ago", async () => {
    const t = await spoiled("expired");
    const now = Math.floor(Date.now() / 1000);
    assert.ok(t.payload.exp <= now - 3600 + 5, `exp ${t.payload.exp} now ${now}`);
    assert.ok(t.payload.iat < t.payload.exp);
    await rejects(verify(t.id_token), "ERR_JWT_EXPIRED");
    await verify(t.id_token, { currentDate: new Date((t.payload.exp - 10) * 1000) });
  });

  await check("id-token-mode wrong_audience: validly signed, for another client", async () => {
    const t = await spoiled("wrong_audience");
    assert.notEqual(t.payload.aud, CLIENT_ID);
    await rejects(verify(t.id_token), "ERR_JWT_CLAIM_VALIDATION_FAILED");
    await verify(t.id_token, { audience: t.payload.aud });
  });

  await check("id-token-mode wrong_issuer: validly signed, another issuer", async () => {
    const t = await spoiled("wrong_issuer");
    assert.notEqual(t.payload.iss, issuer);
    await rejects(verify(t.id_token), "ERR_JWT_CLAIM_VALIDATION_FAILED");
    await verify(t.id_token, { issuer: t.payload.iss });
  });

  await check("id-token-mode unverified_email: validly signed, email_verified false", async () => {
    const t = await spoiled("unverified_email");
    const { payload } = await verify(t.id_token);
    assert.equal(payload.email_verified, false);
    assert.equal(payload.email, ALICE.email);
  });

  await check("id-token-mode unpublished_key: RS256 under a kid the JWKS does not have", async () => {
    const t = await spoiled("unpublished_key");
    assert.equal(t.header.alg, "RS256");
    const kids = (await jwks()).keys.map((k) => k.kid);
    assert.ok(t.header.kid && !kids.includes(t.header.kid));
    await rejects(verify(t.id_token), "ERR_JWKS_NO_MATCHING_KEY");
  });

  await check("rotate-keys: a new kid, the JWKS has only it, tokens are signed with it", async () => {
    const before = (await jwks()).keys;
    const old = await signIn();
    const { kid } = await control("rotate-keys", {});
    const after = (await jwks()).keys;
    assert.equal(after.length, 1);
    assert.equal(after[0].kid, kid);
    assert.notEqual(kid, before[0].kid);
    assert.notEqual(after[0].n, before[0].n);
    const fresh = await signIn();
    const { protectedHeader } = await verify(fresh.id_token);
    assert.equal(protectedHeader.kid, kid);
    await rejects(verify(old.id_token), "ERR_JWKS_NO_MATCHING_KEY");
  });

  await check("rotate-keys keeps clients, accounts and an interaction begun before it", async () => {
    const jar = new CookieJar();
    const { verifier, challenge } = pkcePair();
    const login = await follow(authorizationUrl({ state: "rot", nonce: "nr", challenge }), jar);
    assert.equal(login.status, 200);
    await control("rotate-keys", {});
    await control("next-login", { sub: ALICE.sub });
    const { location } = await follow(login.url, jar);
    const res = await token(new URL(location).searchParams.get("code"), verifier);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await verify(res.body.id_token);
  });

  await check("stats count discovery, jwks, token and token errors; reset-stats zeroes them", async () => {
    const zero = await control("reset-stats", {});
    assert.deepEqual(zero, { discovery: 0, jwks: 0, token: 0, token_errors: 0 });
    await fetch(`${issuer}/.well-known/openid-configuration`);
    await jwks();
    await jwks();
    await signIn();
    await token("not-a-code", pkcePair().verifier);
    assert.deepEqual(await control("stats"), { discovery: 1, jwks: 2, token: 2, token_errors: 1 });
  });

  await check("standard output carries only the listening line", async () => {
    assert.deepEqual(extraStdout, []);
  });

  await check("the provider exits when its standard input closes", async () => {
    const exited = once(child, "exit");
    child.stdin.end();
    const [code] = await Promise.race([
      exited,
      new Promise((_, reject) => setTimeout(() => reject(new Error("still running 10 s after stdin closed")), 10000)),
    ]);
    assert.equal(code, 0);
  });
} finally {
  if (child.exitCode === null) child.kill("SIGTERM");
}

console.log(results.join("\n"));
console.log(`selftest: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
