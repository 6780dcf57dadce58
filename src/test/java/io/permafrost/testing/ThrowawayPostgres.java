package io.permafrost.testing;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL for tests: the one {@code PERMAFROST_TEST_PG_URL} names, or else one started once per test
 * JVM with initdb and pg_ctl in a temporary directory on a free loopback port (as the {@code postgres}
 * user when running as root, since PostgreSQL refuses root), stopped and removed when the JVM exits.
 * Each test takes a fresh schema of its own ({@link #freshSchema}), so tests never see each other's rows.
 * Without PostgreSQL binaries and without the variable, tests that need it are skipped, saying why.
 */
public final class ThrowawayPostgres {
    public static final String URL_VARIABLE = "PERMAFROST_TEST_PG_URL";
    private static String url;
    private static String unavailable;

    private ThrowawayPostgres() {
    }

    /** The JDBC URL of the test PostgreSQL; skips the calling test when there is none. */
    public static synchronized String url() {
        if (url == null && unavailable == null) {
            String configured = System.getenv(URL_VARIABLE);
            try {
                url = configured != null && !configured.isBlank() ? configured : start();
            } catch (IOException | InterruptedException | RuntimeException e) {
                unavailable = "cannot start a throwaway PostgreSQL: " + e.getMessage();
            }
        }
        if (url == null) {
            System.out.println("SKIPPED (PostgreSQL): " + unavailable);
            Assumptions.abort(unavailable);
        }
        return url;
    }

    /** Creates a new empty schema and returns its name. */
    public static String freshSchema() {
        String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(url()); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema: " + e.getMessage(), e);
        }
        return schema;
    }

    private static String start() throws IOException, InterruptedException {
        Path bin = binaries();
        if (bin == null) {
            throw new IllegalStateException("no initdb/pg_ctl found (install postgresql, or set " + URL_VARIABLE + ")");
        }
        boolean root = "root".equals(System.getProperty("user.name"));
        Path dir = Files.createTempDirectory("permafrost-pg");
        Path data = dir.resolve("data");
        if (root) {
            run(List.of("chown", "postgres", dir.toString()), false);
        }
        int port = freePort();
        run(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", "postgres", "--auth=trust",
                "-E", "UTF8", "--no-sync"), root);
        run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-w", "-l", dir.resolve("log").toString(),
                "-o", "-c listen_addresses=127.0.0.1 -c port=" + port + " -c unix_socket_directories=" + dir
                        + " -c fsync=on -c max_connections=300", "start"), root);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                run(List.of(bin.resolve("pg_ctl").toString(), "-D", data.toString(), "-m", "immediate", "stop"), root);
                run(List.of("rm", "-rf", dir.toString()), false);
            } catch (IOException | InterruptedException ignored) {
                // The JVM is exiting; a leftover temp directory is all that can remain.
            }
        }));
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
    }

    private static Path binaries() {
        for (String candidate : List.of("/usr/lib/postgresql/17/bin", "/usr/lib/postgresql/16/bin",
                "/usr/lib/postgresql/15/bin", "/usr/local/bin", "/usr/bin")) {
            Path dir = Path.of(candidate);
            if (Files.isExecutable(dir.resolve("initdb")) && Files.isExecutable(dir.resolve("pg_ctl"))) {
                return dir;
            }
        }
        return null;
    }

    private static void run(List<String> command, boolean asPostgres) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>();
        if (asPostgres) {
            full.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        full.addAll(command);
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + " failed: " + output.strip());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
