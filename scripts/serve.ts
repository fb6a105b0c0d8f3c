// Serves the built app (what `next start` does) with the rendered-page cache
// in front (lib/page-cache): `npm start`, npm test's app and the page benchmark
// all run it. PORT (default 3000) and HOSTNAME choose where it listens.
import { createServer } from "node:http";
import next from "next";
import { PROJECT_ROOT, readEnv } from "../lib/config";
import { closeDriver } from "../lib/neo4j/driver";
import { withPageCache, type Handler } from "../lib/page-cache/serve";
import { graphVersion } from "../lib/page-cache/version";

const env = readEnv();
const port = Number(process.env.PORT ?? 3000);
const app = next({ dev: false, dir: PROJECT_ROOT, port });
await app.prepare();
const nextHandler = app.getRequestHandler();
const handle: Handler = (req, res) => nextHandler(req, res);
// With reading behind sign-in, an anonymous request must reach the proxy (to be sent to /signin): no cache.
const cached = env.ATLAS_PAGE_CACHE_MB > 0 && !env.ATLAS_READ_REQUIRES_SIGN_IN;
const serve = cached ? withPageCache(handle, { maxBytes: env.ATLAS_PAGE_CACHE_MB * 1024 * 1024, version: graphVersion }) : handle;

const server = createServer((req, res) => {
  serve(req, res).catch((err: unknown) => {
    console.error(`Serving ${req.method} ${req.url} failed: ${(err as Error).message}`);
    if (!res.headersSent) res.writeHead(500, { "content-type": "text/plain" });
    res.end("Internal error");
  });
});
server.listen(port, process.env.HOSTNAME, () => {
  console.log(`Ready on port ${port}${cached ? ` (page cache ${env.ATLAS_PAGE_CACHE_MB} MB)` : " (page cache off)"}`);
});
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    server.close();
    void Promise.allSettled([closeDriver(), app.close()]).then(() => process.exit(0));
  });
}
