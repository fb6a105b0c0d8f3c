/**
 * Local Neo4j launcher for Interp Atlas.
 *
 * When no Neo4j is configured, development and tests run against a real Neo4j Community 5.26 LTS
 * started by this module: Maven resolves the embedded `org.neo4j:neo4j` jars from Maven Central
 * (scripts/neo4j/pom.xml), and scripts/neo4j/Neo4jServer.java runs them with Bolt on
 * 127.0.0.1:<port> only, auth enabled. No Docker and no download outside Maven Central.
 *
 * Everything lives under <root>/.neo4j/:
 *   classpath-<pom hash>.txt   resolved Maven classpath (re-resolved when the pom changes)
 *   classes/<source hash>/     compiled Neo4jServer.java + neo4j-server.jar (rebuilt when the source changes)
 *   cds-<key>.jsa              JVM class-data-sharing archive recorded by a first run (faster start)
 *   <name>/password            generated Bolt password for user "neo4j" (mode 0600)
 *   <name>/data/               databases and transaction logs, kept between runs
 *   <name>/logs/               console.log (JVM stdout/stderr), neo4j.log, debug.log, ...
 *   <name>/server.pid          pid of the detached java process
 *
 * The server runs detached in its own process group and outlives the Node process that started
 * it; startLocalServer() is idempotent and stopLocalServer() shuts it down cleanly.
 * Requires Java 17+ (java and javac) and Maven 3.8+ on PATH (JAVA_HOME is honoured for Java).
 */
import { execFile, execFileSync, spawn } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { auth as neo4jAuth, driver as createDriver } from "neo4j-driver";

export interface LocalServerOptions {
  root: string; // project root (absolute)
  name: "dev" | "test"; // instance name; files live in <root>/.neo4j/<name>/
  port: number; // bolt port (dev default 7687, test 7688 — the caller decides)
  heap?: string; // JVM heap, default process.env.NEO4J_HEAP ?? "4g"
  pageCache?: string; // default process.env.NEO4J_PAGECACHE ?? "2g"
  readyTimeoutMs?: number; // default 180_000
  log?: (line: string) => void; // progress lines
}

export interface LocalServerInfo {
  uri: string;
  username: string;
  password: string;
  pid: number;
  startedByUs: boolean;
  version: string;
}

const USERNAME = "neo4j";
const HOST = "127.0.0.1";
const LOG_TAIL_LINES = 40;
const STOP_TIMEOUT_MS = 60_000;
const SETUP_TIMEOUT_MS = 20 * 60_000; // first Maven resolution downloads ~100 MB
const MAX_CONSOLE_LOG_BYTES = 10 * 1024 * 1024;
/** Written by Neo4jServer.java into the data dir once the password from the file is set. */
const PASSWORD_MARKER = "password.sha256";

export function localServerPaths(o: Pick<LocalServerOptions, "root" | "name">): {
  dir: string;
  data: string;
  logs: string;
  logFile: string;
  pidFile: string;
  passwordFile: string;
} {
  const dir = path.join(o.root, ".neo4j", o.name);
  const logs = path.join(dir, "logs");
  return {
    dir,
    data: path.join(dir, "data"),
    logs,
    logFile: path.join(logs, "console.log"),
    pidFile: path.join(dir, "server.pid"),
    passwordFile: path.join(dir, "password"),
  };
}

export function readLocalPassword(o: Pick<LocalServerOptions, "root" | "name">): string | null {
  try {
    const p = fs.readFileSync(localServerPaths(o).passwordFile, "utf8").trim();
    return p.length > 0 ? p : null;
  } catch {
    return null;
  }
}

export async function startLocalServer(o: LocalServerOptions): Promise<LocalServerInfo> {
  checkOptions(o);
  const log = o.log ?? ((): void => undefined);
  const paths = localServerPaths(o);
  const uri = boltUri(o.port);
  const readyTimeoutMs = o.readyTimeoutMs ?? 180_000;
  fs.mkdirSync(paths.dir, { recursive: true });

  return withLock(path.join(paths.dir, "start.lock"), SETUP_TIMEOUT_MS + readyTimeoutMs, async () => {
    const password = ensurePassword(paths.passwordFile);

    // Already running?
    const running = findRunning(o);
    if (running) {
      if (running.port !== undefined && running.port !== o.port) {
        throw new Error(
          `The local "${o.name}" Neo4j is already running on port ${running.port} (pid ${running.pid}), not ${o.port}. ` +
            `Stop it first (stopLocalServer, or kill ${running.pid}) or use port ${running.port}.`,
        );
      }
      const probe = await waitForBolt(uri, password, readyTimeoutMs, () => isAlive(running.pid));
      if (probe.ok) {
        return { uri, username: USERNAME, password, pid: running.pid, startedByUs: false, version: probe.version };
      }
      if (!probe.authFailed) {
        throw new Error(
          `The local "${o.name}" Neo4j (pid ${running.pid}) is running but does not answer on ${uri}: ${probe.error}. ` +
            `Stop it (stopLocalServer, or kill ${running.pid}) and start again.` +
            logTailSection(paths.logFile),
        );
      }
      // The password was changed behind our back: restart, and make the server set it again.
      log(`Restarting the local "${o.name}" Neo4j: it rejects the password in ${paths.passwordFile}`);
      await stopLocalServer(o);
      rmQuiet(path.join(paths.data, PASSWORD_MARKER));
    }

    // Something else on the port?
    if (await portInUse(o.port)) {
      const other = otherInstanceOnPort(o);
      throw new Error(
        other
          ? `port ${o.port} is in use by the local "${other}" Neo4j: give the "${o.name}" instance another port (${portEnvVar(o.name)}).`
          : `port ${o.port} is in use by another process (not this project's "${o.name}" Neo4j): set ${portEnvVar(o.name)} to a free port, or stop whatever listens on ${HOST}:${o.port}.`,
      );
    }

    const java = await checkJava();
    const setup = await withLock(path.join(o.root, ".neo4j", "setup.lock"), SETUP_TIMEOUT_MS, async () => {
      const cp = await ensureClasspath(o.root, log);
      const launcher = await ensureLauncher(o.root, cp, log);
      return { classpath: [...cp.entries, launcher.path].join(path.delimiter), jarVersion: cp.version, isJar: launcher.isJar };
    });

    return launch(o, { java: java.path, javaVersion: java.versionText, ...setup, password, uri, readyTimeoutMs, log });
  });
}

export async function stopLocalServer(o: LocalServerOptions): Promise<boolean> {
  checkOptions(o);
  const log = o.log ?? ((): void => undefined);
  const paths = localServerPaths(o);
  const running = findRunning(o);
  if (!running) {
    rmQuiet(paths.pidFile);
    return false;
  }
  const t0 = Date.now();
  log(`Stopping the local "${o.name}" Neo4j (pid ${running.pid})…`);
  signal(running.pid, "SIGTERM");
  const clean = await waitForExit(running.pid, STOP_TIMEOUT_MS);
  if (!clean) {
    log(`Neo4j did not stop within ${STOP_TIMEOUT_MS / 1000} s: killing it`);
    signal(-running.pid, "SIGKILL"); // whole process group
    signal(running.pid, "SIGKILL");
    await waitForExit(running.pid, 10_000);
  }
  rmQuiet(paths.pidFile);
  promoteClassArchive(o.root, paths.dir, clean);
  log(`Neo4j stopped (${seconds(Date.now() - t0)})`);
  return true;
}

export async function localServerStatus(
  o: LocalServerOptions,
): Promise<{ running: boolean; answers: boolean; pid?: number; uri: string }> {
  checkOptions(o);
  const running = findRunning(o);
  if (!running) return { running: false, answers: false, uri: boltUri(o.port) };
  const uri = boltUri(running.port ?? o.port);
  const password = readLocalPassword(o);
  const answers = password !== null && (await probeBolt(uri, password, 5_000)).ok;
  return { running: true, answers, pid: running.pid, uri };
}

// ---------------------------------------------------------------------------------------------
// Launching

interface LaunchContext {
  java: string;
  javaVersion: string;
  classpath: string;
  isJar: boolean;
  password: string;
  uri: string;
  readyTimeoutMs: number;
  jarVersion: string;
  log: (line: string) => void;
}

async function launch(o: LocalServerOptions, c: LaunchContext): Promise<LocalServerInfo> {
  const paths = localServerPaths(o);
  const heap = o.heap ?? process.env.NEO4J_HEAP ?? "4g";
  const pageCache = o.pageCache ?? process.env.NEO4J_PAGECACHE ?? "2g";
  for (const [what, v, env] of [
    ["heap", heap, "NEO4J_HEAP"],
    ["page cache", pageCache, "NEO4J_PAGECACHE"],
  ] as const) {
    if (!/^\d+[kmgt]?$/i.test(v)) throw new Error(`Invalid Neo4j ${what} size "${v}" (${env}): use e.g. 512m or 4g.`);
  }

  fs.mkdirSync(paths.data, { recursive: true });
  fs.mkdirSync(paths.logs, { recursive: true });
  rotateIfLarge(paths.logFile);
  fs.appendFileSync(
    paths.logFile,
    `\n===== ${new Date().toISOString()} starting Neo4j ${c.jarVersion} on ${c.uri} (heap ${heap}, page cache ${pageCache}) =====\n`,
  );
  const offset = fs.statSync(paths.logFile).size;

  const args = [
    `-Xms${heap}`,
    `-Xmx${heap}`,
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+DisableExplicitGC",
    "-XX:+ExitOnOutOfMemoryError",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "-Dfile.encoding=UTF-8",
    // Same opens as the packaged server: page cache and native file access need them.
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    ...vectorApiArgs(javaMajor(c.javaVersion)),
    ...classDataSharingArgs(o.root, paths.dir, c),
    "-cp",
    c.classpath,
    "Neo4jServer",
    `--home=${paths.dir}`,
    `--data=${paths.data}`,
    `--logs=${paths.logs}`,
    `--port=${o.port}`,
    `--password-file=${paths.passwordFile}`,
    `--pagecache=${pageCache}`,
  ];

  c.log(`Starting Neo4j ${c.jarVersion} on ${c.uri}…`);
  const t0 = Date.now();
  const out = fs.openSync(paths.logFile, "a");
  let exitCode: number | null = null;
  let exitSignal: NodeJS.Signals | null = null;
  let exited = false;
  let spawnError: Error | null = null;
  const child = spawn(c.java, args, { cwd: paths.dir, detached: true, stdio: ["ignore", out, out] });
  fs.closeSync(out);
  child.on("error", (e) => {
    spawnError = e;
    exited = true;
  });
  child.on("exit", (code, sig) => {
    exited = true;
    exitCode = code;
    exitSignal = sig;
  });
  child.unref();
  const pid = child.pid;
  if (pid === undefined) {
    await sleep(50);
    throw new Error(`Could not start ${c.java}: ${String(spawnError ?? "no pid")}. Java 17+ is required.`);
  }
  fs.writeFileSync(paths.pidFile, `${pid}\n`);

  const fail = async (what: string, kill: boolean, hint?: string): Promise<never> => {
    if (kill && !exited) {
      signal(pid, "SIGTERM");
      if (!(await waitForExit(pid, 15_000))) signal(-pid, "SIGKILL");
    }
    rmQuiet(paths.pidFile);
    const output = readFrom(paths.logFile, offset);
    throw new Error(`${what}. ${hint ?? diagnose(output, o)}` + logTailSection(paths.logFile, output));
  };

  // Wait for the READY line, then confirm over Bolt with the driver.
  const deadline = t0 + c.readyTimeoutMs;
  for (;;) {
    if (readFrom(paths.logFile, offset).includes(`READY ${c.uri}`)) break;
    if (exited) {
      const how = spawnError
        ? `could not be started (${String(spawnError)})`
        : `exited during start-up (${exitSignal !== null ? `signal ${String(exitSignal)}` : `exit code ${String(exitCode)}`})`;
      return fail(`Neo4j ${how}`, false);
    }
    if (Date.now() > deadline) {
      return fail(
        `Neo4j did not become ready within ${seconds(c.readyTimeoutMs)} (stopped it again)`,
        true,
        `If the machine is just slow or busy, raise readyTimeoutMs; otherwise see ${path.join(paths.logs, "debug.log")}.`,
      );
    }
    await sleep(150);
  }
  const probe = await waitForBolt(c.uri, c.password, Math.max(5_000, deadline - Date.now()), () => !exited);
  if (!probe.ok) return fail(`Neo4j started but ${c.uri} does not answer: ${probe.error}`, true);

  c.log(`Neo4j is ready (${seconds(Date.now() - t0)})`);
  return { uri: c.uri, username: USERNAME, password: c.password, pid, startedByUs: true, version: probe.version };
}

function diagnose(output: string, o: LocalServerOptions): string {
  const paths = localServerPaths(o);
  if (/BindException|Address already in use|Port .* is already in use/i.test(output)) {
    return `port ${o.port} is in use: set ${portEnvVar(o.name)} to a free port.`;
  }
  if (/UnsupportedClassVersionError/.test(output)) return "Java 17+ is required (check `java -version` / JAVA_HOME).";
  if (/Could not reserve enough space|Invalid (maximum|initial) heap size|Too small (maximum|initial) heap/i.test(output)) {
    return "The JVM could not get the requested heap: set NEO4J_HEAP to a smaller size (e.g. 2g).";
  }
  if (/OutOfMemoryError/.test(output)) return "Neo4j ran out of memory: raise NEO4J_HEAP (or lower NEO4J_PAGECACHE).";
  if (/FileLockException|StoreLockException|Lock file has been locked|already locked/i.test(output)) {
    return `Another process is using ${paths.data}: stop it (look for a java process running Neo4jServer with --home=${paths.dir}).`;
  }
  if (/ClassNotFoundException|NoClassDefFoundError|NoSuchMethodError/.test(output)) {
    return `The cached classpath or classes look stale: delete ${path.join(o.root, ".neo4j", "classpath-*.txt")} and ${path.join(o.root, ".neo4j", "classes")} and retry.`;
  }
  return `See ${paths.logFile} and ${path.join(paths.logs, "debug.log")}.`;
}

// ---------------------------------------------------------------------------------------------
// Prerequisites: Java, Maven classpath, compiled launcher class

let javaChecked: { path: string; versionText: string } | null = null;

function javaTool(tool: "java" | "javac" | "jar"): string {
  const home = process.env.JAVA_HOME;
  if (home) {
    const p = path.join(home, "bin", tool);
    if (fs.existsSync(p)) return p;
  }
  return tool;
}

/** The feature release in `java -version` output (8 for "1.8.0", 21 for "21.0.5"); NaN when unreadable. */
export function javaMajor(versionText: string): number {
  const m = /version "(\d+)(?:\.(\d+))?/.exec(versionText);
  return m?.[1] === "1" ? Number(m[2]) : Number(m?.[1]);
}

/**
 * Lucene 9.11 (Neo4j 5.26's) computes vector similarities with SIMD only on
 * Java 20–22 and only when the incubating Vector API module is added; elsewhere
 * it falls back to scalar loops. The vector index's build and queries are
 * mostly dot products, so on those Java versions the module is added.
 */
export function vectorApiArgs(major: number): string[] {
  return major >= 20 && major <= 22 ? ["--add-modules=jdk.incubator.vector"] : [];
}

async function checkJava(): Promise<{ path: string; versionText: string }> {
  if (javaChecked !== null) return javaChecked;
  const java = javaTool("java");
  const r = await run(java, ["-version"], { timeoutMs: 30_000 });
  if (r.notFound) {
    throw new Error(
      "Java 17+ is required to run the local Neo4j, but `java` was not found (install a JDK 17 or 21, e.g. `apt-get install openjdk-17-jdk-headless`, or set JAVA_HOME).",
    );
  }
  const major = javaMajor(r.output);
  if (!Number.isFinite(major) || major < 17) {
    throw new Error(`Java 17+ is required to run the local Neo4j, but ${java} reports:\n${r.output.trim()}`);
  }
  javaChecked = { path: java, versionText: r.output.trim() };
  return javaChecked;
}

interface Classpath {
  entries: string[];
  version: string;
  hash: string;
}

async function ensureClasspath(root: string, log: (line: string) => void): Promise<Classpath> {
  const pom = path.join(root, "scripts", "neo4j", "pom.xml");
  let pomText: string;
  try {
    pomText = fs.readFileSync(pom, "utf8");
  } catch {
    throw new Error(`Missing ${pom}: it lists the Neo4j jars to resolve from Maven Central.`);
  }
  const hash = sha256(pomText).slice(0, 16);
  const base = path.join(root, ".neo4j");
  const file = path.join(base, `classpath-${hash}.txt`);
  const cached = readClasspathFile(file);
  if (cached) return { entries: cached, version: neo4jVersionOf(cached), hash };

  log("Resolving Neo4j jars with Maven… (the first run downloads ~100 MB from Maven Central)");
  const t0 = Date.now();
  fs.mkdirSync(base, { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const r = await run(
    "mvn",
    ["-q", "-B", "-Dstyle.color=never", "-f", pom, "dependency:build-classpath", `-Dmdep.outputFile=${tmp}`, "-Dmdep.includeScope=runtime"],
    { timeoutMs: SETUP_TIMEOUT_MS, cwd: path.dirname(pom) },
  );
  if (r.notFound) throw new Error("mvn not found: install Maven 3.8+ (e.g. `apt-get install maven`) to fetch the Neo4j jars.");
  const entries = r.code === 0 ? readClasspathFile(tmp) : null;
  if (!entries) {
    rmQuiet(tmp);
    throw new Error(
      `Maven could not resolve the Neo4j jars (${r.timedOut ? "timed out" : `exit code ${String(r.code)}`}). ` +
        "Check access to Maven Central (repo.maven.apache.org) and any proxy/mirror in ~/.m2/settings.xml." +
        tailSection("mvn output", r.output),
    );
  }
  fs.renameSync(tmp, file);
  for (const f of fs.readdirSync(base)) {
    if (/^classpath-[0-9a-f]+\.txt$/.test(f) && f !== path.basename(file)) rmQuiet(path.join(base, f));
  }
  log(`Resolved ${entries.length} jars (${seconds(Date.now() - t0)})`);
  return { entries, version: neo4jVersionOf(entries), hash };
}

function readClasspathFile(file: string): string[] | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8").trim();
  } catch {
    return null;
  }
  const entries = text.split(path.delimiter).filter((e) => e.length > 0);
  if (entries.length === 0 || !entries.every((e) => fs.existsSync(e))) return null; // e.g. ~/.m2 was cleaned
  return entries;
}

function neo4jVersionOf(entries: readonly string[]): string {
  for (const e of entries) {
    const m = /^neo4j-kernel-(\d[^/\\]*)\.jar$/.exec(path.basename(e));
    if (m?.[1]) return m[1];
  }
  return "5.26";
}

/**
 * Compiles Neo4jServer.java into <root>/.neo4j/classes/<hash>/ and packs it into neo4j-server.jar
 * there (class-data sharing only accepts jars on the classpath). Falls back to the class directory
 * when the `jar` tool is missing.
 */
async function ensureLauncher(
  root: string,
  cp: Classpath,
  log: (line: string) => void,
): Promise<{ path: string; isJar: boolean }> {
  const src = path.join(root, "scripts", "neo4j", "Neo4jServer.java");
  let source: string;
  try {
    source = fs.readFileSync(src, "utf8");
  } catch {
    throw new Error(`Missing ${src}: it is the Java launcher of the local Neo4j.`);
  }
  const base = path.join(root, ".neo4j", "classes");
  const dir = path.join(base, sha256(`${source}\0${cp.hash}`).slice(0, 16));
  const jar = path.join(dir, "neo4j-server.jar");
  if (fs.existsSync(jar)) return { path: jar, isJar: true };
  if (fs.existsSync(path.join(dir, "classes", "Neo4jServer.class"))) return { path: path.join(dir, "classes"), isJar: false };

  log("Compiling Neo4jServer.java…");
  const tmp = `${dir}.${process.pid}.tmp`;
  const tmpClasses = path.join(tmp, "classes");
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmpClasses, { recursive: true });
  try {
    const r = await run(
      javaTool("javac"),
      ["--release", "17", "-encoding", "UTF-8", "-nowarn", "-cp", cp.entries.join(path.delimiter), "-d", tmpClasses, src],
      { timeoutMs: 5 * 60_000 },
    );
    if (r.notFound) {
      throw new Error("javac not found: a full JDK 17+ (not just a JRE) is required, e.g. `apt-get install openjdk-17-jdk-headless`.");
    }
    if (r.code !== 0) throw new Error(`javac failed to compile ${src}.` + tailSection("javac output", r.output));
    await run(javaTool("jar"), ["--create", "--file", path.join(tmp, "neo4j-server.jar"), "-C", tmpClasses, "."], {
      timeoutMs: 60_000,
    });
    try {
      fs.renameSync(tmp, dir);
    } catch {
      // another process won the race; its result is identical
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  for (const f of fs.readdirSync(base)) {
    if (/^[0-9a-f]{16}$/.test(f) && f !== path.basename(dir)) fs.rmSync(path.join(base, f), { recursive: true, force: true });
  }
  return fs.existsSync(jar) ? { path: jar, isJar: true } : { path: path.join(dir, "classes"), isJar: false };
}

/**
 * AppCDS: a run without an archive records the classes it loaded into <dir>/cds-<key>.jsa.tmp when
 * the JVM exits; a clean stopLocalServer() promotes it to <root>/.neo4j/cds-<key>.jsa, shared by
 * both instances, and later runs map it, which saves a few seconds of start-up (class loading).
 * Keyed by classpath and Java version; a stale or unusable archive is silently ignored by the JVM.
 * NEO4J_CDS=0 turns it off.
 */
function classDataSharingArgs(root: string, dir: string, c: LaunchContext): string[] {
  if (!c.isJar || /^(0|false|off|no)$/i.test(process.env.NEO4J_CDS ?? "")) return [];
  const base = path.join(root, ".neo4j");
  const name = `cds-${sha256(`${c.classpath}\0${c.javaVersion}`).slice(0, 16)}.jsa`;
  for (const [d, keep] of [
    [base, name],
    [dir, `${name}.tmp`],
  ] as const) {
    for (const f of readdirQuiet(d)) if (/^cds-[0-9a-f]+\.jsa(\.tmp)?$/.test(f) && f !== keep) rmQuiet(path.join(d, f));
  }
  const quiet = ["-Xlog:cds=off", "-Xlog:cds+dynamic=off"];
  const archive = path.join(base, name);
  if (fs.existsSync(archive)) return [`-XX:SharedArchiveFile=${archive}`, ...quiet];
  const tmp = path.join(dir, `${name}.tmp`);
  rmQuiet(tmp); // left by a run that was not stopped cleanly: may be incomplete
  return [`-XX:ArchiveClassesAtExit=${tmp}`, ...quiet];
}

function promoteClassArchive(root: string, dir: string, cleanExit: boolean): void {
  for (const f of readdirQuiet(dir)) {
    if (!/^cds-[0-9a-f]+\.jsa\.tmp$/.test(f)) continue;
    const tmp = path.join(dir, f);
    const target = path.join(root, ".neo4j", f.slice(0, -".tmp".length));
    if (cleanExit && !fs.existsSync(target)) {
      try {
        fs.renameSync(tmp, target);
        continue;
      } catch {
        // fall through and drop it
      }
    }
    rmQuiet(tmp);
  }
}

// ---------------------------------------------------------------------------------------------
// Bolt probing

type Probe = { ok: true; version: string } | { ok: false; error: string; authFailed: boolean };

async function probeBolt(uri: string, password: string, timeoutMs: number): Promise<Probe> {
  const d = createDriver(uri, neo4jAuth.basic(USERNAME, password), {
    connectionTimeout: Math.min(timeoutMs, 5_000),
    connectionAcquisitionTimeout: timeoutMs,
    maxConnectionPoolSize: 1,
    userAgent: "interp-atlas-local-server",
  });
  try {
    // Authenticates without running Cypher (the first query of a fresh JVM costs seconds).
    const info = await d.getServerInfo();
    const agent = info.agent ?? "";
    return { ok: true, version: /^Neo4j\/(.+)$/.exec(agent)?.[1] ?? agent };
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    const authFailed = typeof code === "string" && /Security\.(Unauthorized|AuthenticationRateLimit)/.test(code);
    return { ok: false, error: e instanceof Error ? e.message : String(e), authFailed };
  } finally {
    await d.close().catch(() => undefined);
  }
}

async function waitForBolt(
  uri: string,
  password: string,
  timeoutMs: number,
  alive: () => boolean,
): Promise<Probe> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const p = await probeBolt(uri, password, 5_000);
    if (p.ok || p.authFailed) return p;
    if (!alive()) return { ok: false, error: `the process exited (${p.error})`, authFailed: false };
    if (Date.now() > deadline) return p;
    await sleep(250);
  }
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once("error", (e: NodeJS.ErrnoException) => resolve(e.code === "EADDRINUSE" || e.code === "EACCES"));
    srv.once("listening", () => srv.close(() => resolve(false)));
    srv.listen({ port, host: HOST, exclusive: true });
  });
}

// ---------------------------------------------------------------------------------------------
// Process bookkeeping

interface Running {
  pid: number;
  port?: number;
}

/** Our server for this instance, if its pid file points at a live process; removes stale pid files. */
function findRunning(o: Pick<LocalServerOptions, "root" | "name">): Running | null {
  const paths = localServerPaths(o);
  let pid: number;
  try {
    pid = Number.parseInt(fs.readFileSync(paths.pidFile, "utf8").trim(), 10);
  } catch {
    return null;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) {
    rmQuiet(paths.pidFile);
    return null;
  }
  const cmd = commandLine(pid);
  if (cmd === null) return { pid }; // cannot inspect: trust the pid file
  if (!cmd.includes("Neo4jServer") || !cmd.includes(`--home=${paths.dir}`)) {
    rmQuiet(paths.pidFile); // pid reused by an unrelated process
    return null;
  }
  const m = /--port=(\d+)/.exec(cmd);
  return m?.[1] ? { pid, port: Number(m[1]) } : { pid };
}

function otherInstanceOnPort(o: LocalServerOptions): string | null {
  const other = o.name === "dev" ? "test" : "dev";
  const r = findRunning({ root: o.root, name: other });
  return r && r.port === o.port ? other : null;
}

function commandLine(pid: number): string | null {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ");
  } catch {
    // no /proc (macOS): fall through to ps
  }
  try {
    return execFileSync("ps", ["-ww", "-o", "args=", "-p", String(pid)], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
  // A zombie still "exists" for kill(0); treat it as gone.
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return !/^\d+ \(.*\) Z/.test(stat);
  } catch {
    return true;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

/** A pid-stamped lock file; waits while a live process holds it, breaks it when the holder is gone. */
async function withLock<T>(lockFile: string, timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  fs.mkdirSync(path.dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      fs.writeFileSync(lockFile, `${process.pid}\n`, { flag: "wx" });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const holder = Number.parseInt(readQuiet(lockFile) ?? "", 10);
      if (!Number.isInteger(holder) || holder === process.pid || !isAlive(holder)) {
        // Stale (or unreadable while being written): remove only if still stale after a beat.
        await sleep(50);
        const again = Number.parseInt(readQuiet(lockFile) ?? "", 10);
        if (again === holder || !Number.isInteger(again)) rmQuiet(lockFile);
        continue;
      }
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${lockFile} (held by pid ${holder}).`);
      await sleep(200);
    }
  }
  try {
    return await fn();
  } finally {
    rmQuiet(lockFile);
  }
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function checkOptions(o: Pick<LocalServerOptions, "root" | "name" | "port">): void {
  if (!path.isAbsolute(o.root)) throw new Error(`LocalServerOptions.root must be absolute, got "${o.root}".`);
  if (o.name !== "dev" && o.name !== "test") throw new Error(`LocalServerOptions.name must be "dev" or "test".`);
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new Error(`Invalid Bolt port ${String(o.port)}.`);
}

function boltUri(port: number): string {
  return `bolt://${HOST}:${port}`;
}

function portEnvVar(name: LocalServerOptions["name"]): string {
  return name === "test" ? "NEO4J_TEST_PORT" : "NEO4J_PORT";
}

function ensurePassword(file: string): string {
  const existing = readQuiet(file)?.trim();
  if (existing) return existing;
  const generated = randomBytes(24).toString("base64url");
  try {
    fs.writeFileSync(file, `${generated}\n`, { mode: 0o600, flag: "wx" });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    const raced = readQuiet(file)?.trim();
    if (raced) return raced;
    fs.writeFileSync(file, `${generated}\n`, { mode: 0o600 });
  }
  fs.chmodSync(file, 0o600);
  return generated;
}

interface RunResult {
  code: number | null;
  output: string;
  notFound: boolean;
  timedOut: boolean;
}

function run(cmd: string, args: string[], opts: { timeoutMs: number; cwd?: string }): Promise<RunResult> {
  return new Promise((resolve) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, timeout: opts.timeoutMs, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (err, stdout, stderr) => {
        // eslint-disable-next-line no-control-regex
        const output = `${stdout}${stderr}`.replace(/\x1b\[[0-9;]*m/g, ""); // Maven 3.8 emits colour resets even with -B
        if (!err) return resolve({ code: 0, output, notFound: false, timedOut: false });
        const e = err as { code?: unknown; killed?: boolean }; // code: exit status, or "ENOENT" etc.
        resolve({
          code: typeof e.code === "number" ? e.code : null,
          output,
          notFound: e.code === "ENOENT",
          timedOut: e.killed === true,
        });
      },
    );
  });
}

function readFrom(file: string, offset: number): string {
  let fd: number | null = null;
  try {
    fd = fs.openSync(file, "r");
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return "";
    const buf = Buffer.alloc(size - offset);
    fs.readSync(fd, buf, 0, buf.length, offset);
    return buf.toString("utf8");
  } catch {
    return "";
  } finally {
    if (fd !== null) fs.closeSync(fd);
  }
}

function logTailSection(logFile: string, text?: string): string {
  const body = text !== undefined && text.trim().length > 0 ? text : readTail(logFile);
  return tailSection(logFile, body);
}

function tailSection(label: string, text: string): string {
  const lines = text.trimEnd().split("\n");
  const tail = lines.slice(-LOG_TAIL_LINES).join("\n");
  return tail.trim().length > 0 ? `\n--- last ${Math.min(lines.length, LOG_TAIL_LINES)} lines of ${label} ---\n${tail}` : "";
}

function readTail(file: string): string {
  let size: number;
  try {
    size = fs.statSync(file).size;
  } catch {
    return "";
  }
  return readFrom(file, Math.max(0, size - 64 * 1024));
}

function rotateIfLarge(file: string): void {
  try {
    if (fs.statSync(file).size > MAX_CONSOLE_LOG_BYTES) fs.renameSync(file, `${file}.1`);
  } catch {
    // missing: nothing to rotate
  }
}

function readdirQuiet(dir: string): string[] {
  try {
    return fs.readdirSync(dir);
  } catch {
    return [];
  }
}

function readQuiet(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return null;
  }
}

function rmQuiet(file: string): void {
  try {
    fs.rmSync(file, { force: true });
  } catch {
    // ignore
  }
}

function sha256(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
