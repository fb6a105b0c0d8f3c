// Local Neo4j Community server for Interp Atlas development and tests.
//
// Runs Neo4j embedded (org.neo4j:neo4j, resolved from Maven Central by pom.xml next to this file)
// with Bolt on 127.0.0.1:<port> only (no HTTP), auth enabled, data and logs in the given
// directories. lib/neo4j/local-server.ts compiles, starts and stops it; by hand it would be:
//
//   java -Xms4g -Xmx4g -XX:+UseG1GC -cp "<maven classpath>:<dir with Neo4jServer.class>" Neo4jServer \
//     --home=DIR --port=7687 --password-file=DIR/password [--data=DIR/data] [--logs=DIR/logs] [--pagecache=2g]
//
// Every --key=value can also be given as a system property -Dneo4j.<key>=value.
// Sets the password of user "neo4j" from the password file, prints "READY bolt://127.0.0.1:<port>"
// once Bolt accepts connections, then blocks; SIGTERM shuts the DBMS down cleanly (checkpoint)
// through a shutdown hook. Logs: <logs>/debug.log (Neo4j's default log4j config), <logs>/neo4j.log.

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseInternalSettings;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.kernel.api.impl.index.LuceneSettings;
import org.neo4j.kernel.internal.Version;
import org.neo4j.logging.log4j.Log4jLogProvider;

public final class Neo4jServer {
    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) fail("bad argument '" + arg + "' (expected --key=value)");
            a.put(arg.substring(2, eq), arg.substring(eq + 1));
        }
        Path home = Path.of(get(a, "home", null)).toAbsolutePath();
        Path data = Path.of(get(a, "data", home.resolve("data").toString())).toAbsolutePath();
        Path logs = Path.of(get(a, "logs", home.resolve("logs").toString())).toAbsolutePath();
        int port = Integer.parseInt(get(a, "port", "7687"));
        String password = Files.readString(Path.of(get(a, "password-file", null)), StandardCharsets.UTF_8).trim();
        long pageCache = ByteUnit.parse(get(a, "pagecache", "512m"));
        if (password.length() < 8) fail("password file must hold at least 8 characters");
        Files.createDirectories(logs);

        // debug.log goes to <logs> through Neo4j's built-in default server log config;
        // the user log (neo4j.log in a packaged server) is routed here explicitly.
        OutputStream userLogFile = new FileOutputStream(logs.resolve("neo4j.log").toFile(), true);
        Log4jLogProvider userLog = new Log4jLogProvider(userLogFile);

        DatabaseManagementService dbms;
        try {
            dbms = new DatabaseManagementServiceBuilder(home)
                    .setConfig(GraphDatabaseSettings.data_directory, data)
                    .setConfig(GraphDatabaseSettings.logs_directory, logs)
                    .setConfig(GraphDatabaseSettings.auth_enabled, true)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    // Bulk ingests load hundreds of thousands of rows in one transaction: let the
                    // heap (-Xmx) be the only limit instead of the default 70%-of-heap cap.
                    .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, 0L)
                    .setConfig(GraphDatabaseSettings.memory_transaction_database_max_size, 0L)
                    .setConfig(GraphDatabaseSettings.memory_transaction_max_size, 0L)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Build a vector index in one HNSW graph: with the default 1 MB buffer, populating 100k
                    // embeddings leaves a dozen segments, and every query then searches each of them.
                    .setConfig(LuceneSettings.vector_population_ram_buffer_size, 1024.0)
                    // A development server: keep transaction logs small instead of "2 days" of them.
                    .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                    .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(HttpConnector.enabled, false)
                    .setConfig(HttpsConnector.enabled, false)
                    // Databases are checkpointed and closed before Bolt stops; don't idle 2 x 5 s after that.
                    .setConfig(GraphDatabaseInternalSettings.netty_server_shutdown_quiet_period, 0)
                    .setUserLogProvider(userLog)
                    .build();
        } catch (Throwable t) {
            t.printStackTrace();
            System.err.println("Neo4j failed to start; see " + logs.resolve("debug.log"));
            System.exit(1);
            return;
        }

        final DatabaseManagementService service = dbms;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Shutting down Neo4j…");
            try {
                service.shutdown();
            } finally {
                userLog.close();
            }
            System.out.println("Neo4j stopped");
        }, "neo4j-shutdown"));

        boolean cypherWarm = false;
        try {
            if (!service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(120_000)) {
                fail("database 'neo4j' did not become available within 120 s");
            }
            // Embedded access bypasses auth, so this (re)sets the Bolt password from the file. The first
            // Cypher statement costs seconds (planner warm-up), so skip it when the marker in the data
            // directory says this password is already set.
            Path marker = data.resolve("password.sha256");
            String digest = sha256(password);
            if (!digest.equals(readQuiet(marker))) {
                try {
                    service.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
                            "ALTER USER neo4j SET PASSWORD $p CHANGE NOT REQUIRED", Map.of("p", password));
                } catch (RuntimeException e) {
                    if (!messages(e).contains("Old password and new password cannot be the same")) throw e;
                }
                Files.writeString(marker, digest + "\n", StandardCharsets.UTF_8);
                cypherWarm = true;
            }
        } catch (Throwable t) {
            t.printStackTrace();
            System.exit(1);
        }

        System.out.println("READY bolt://127.0.0.1:" + port);
        System.out.printf("Neo4j %s started in %.1f s%n", Version.getNeo4jVersion(),
                (System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime()) / 1000.0);
        System.out.flush();
        if (!cypherWarm) {
            // Load the Cypher stack in the background so the first real query doesn't pay for it.
            Thread warm = new Thread(() -> {
                try {
                    service.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME)
                            .executeTransactionally("MATCH (n:`Interp Atlas warm-up`) WHERE n.x = $x RETURN count(n)", Map.of("x", 0));
                } catch (RuntimeException ignored) {
                    // shutting down, or nothing to warm: harmless
                }
            }, "cypher-warm-up");
            warm.setDaemon(true);
            warm.start();
        }
        new CountDownLatch(1).await();
    }

    private static String get(Map<String, String> a, String key, String dflt) {
        String v = a.getOrDefault(key, System.getProperty("neo4j." + key, dflt));
        if (v == null) fail("missing --" + key + "=…");
        return v;
    }

    private static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static String readQuiet(Path p) {
        try {
            return Files.readString(p, StandardCharsets.UTF_8).trim();
        } catch (Exception e) {
            return null;
        }
    }

    private static String messages(Throwable t) {
        StringBuilder sb = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) sb.append(c.getMessage()).append('\n');
        return sb.toString();
    }

    private static void fail(String msg) {
        System.err.println("Neo4jServer: " + msg);
        System.exit(2);
    }
}
