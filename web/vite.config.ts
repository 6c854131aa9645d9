import { defineConfig } from "vite";
import react from "@vitejs/plugin-react";

// `npm run dev` serves the UI with hot reload and sends /api to a running `trellis serve`
// (TRELLIS_URL, default http://127.0.0.1:8080); `npm run build` writes dist/ for the binary.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The server's Content-Security-Policy forbids inline scripts: keep every module a file.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1024,
  },
  server: {
    proxy: { "/api": process.env.TRELLIS_URL ?? "http://127.0.0.1:8080" },
  },
});
