// Starts the real trellis binary for the browser tests: a fresh SQLite database in a temp
// folder, seeded with the demo district and a year of case history (`trellis demo`), served
// by `trellis serve --demo` on a free loopback port with the UI built into the binary. It
// accepts identity providers with an http issuer on the loopback, as the single sign-on
// journeys' OpenID provider (tests/oidc/provider.mjs) is.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));

export interface RunningServer {
  url: string;
  stop(): Promise<void>;
}

// TRELLIS_BINARY, else the debug build `make test` makes, else the release build.
export function trellisBinary(): string {
  const candidates = [
    process.env.TRELLIS_BINARY,
    resolve(here, "../../build/debug/trellis"),
    resolve(here, "../../build/release/trellis"),
  ];
  const found = candidates.find((path) => path && existsSync(path));
  if (!found) throw new Error("No trellis binary: build it first (make build-debug) or set TRELLIS_BINARY.");
  return found;
}

function seedDemoHistory(binary: string, dataDir: string): void {
  const result = spawnSync(binary, ["demo", "--data-dir", dataDir, "--students", "600"], {
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error("trellis demo failed:\n" + result.stdout + result.stderr);
}

function waitForAddress(child: ChildProcess): Promise<string> {
  return new Promise((resolveUrl, reject) => {
    let output = "";
    const timer = setTimeout(() => reject(new Error("trellis serve did not start:\n" + output)), 60_000);
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`trellis serve exited (${code}):\n${output}`));
    });
  });
}

export async function startServer(): Promise<RunningServer> {
  const binary = trellisBinary();
  const dataDir = mkdtempSync(join(tmpdir(), "trellis-e2e-"));
  seedDemoHistory(binary, dataDir);
  // TRELLIS_WEB_DIR serves a freshly built web/dist instead of the UI inside the binary, so
  // UI work can be tested without relinking the server.
  const webDir = process.env.TRELLIS_WEB_DIR ? ["--web-dir", process.env.TRELLIS_WEB_DIR] : [];
  const child = spawn(
    binary,
    [
      "serve",
      "--demo-roster",
      "--data-dir",
      dataDir,
      "--listen",
      "127.0.0.1:0",
      "--time-zone",
      "America/Chicago",
      "--oidc-allow-http-loopback",
      ...webDir,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const url = await waitForAddress(child);
  return {
    url,
    stop: async () => {
      const exited = new Promise((done) => child.once("exit", done));
      child.kill("SIGTERM");
      await exited;
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
