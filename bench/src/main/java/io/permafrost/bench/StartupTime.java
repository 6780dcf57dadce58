package io.permafrost.bench;

import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up against a big store: the time from {@code Process.start} of {@code java -jar permafrost.jar
 * serve} (at a small heap, default -Xmx64m) to the first 200 answer to DescribeVault, over a data
 * directory of ARCHIVES archives and UPLOADS multipart uploads in flight, built beforehand by
 * {@code bench/startup/SeedStore.java} (rows and blob files written directly, kept between runs).
 * Each round starts the server on the clean store, then once more after a kill -9 of the
 * running server. Printed beside it: when the server logged that its start-up sweep finished (it
 * runs in the background, while requests are answered), the reference being the same start on an
 * empty data directory in the same run (what a JVM and Jetty cost with no store at all).
 */
public final class StartupTime {
    private static final String VAULT = "bench-startup";
    /** How long to wait for the sweep's log line (0 for a server that runs its sweep before serving). */
    private static int sweepWaitSeconds;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("jar", "../target/permafrost.jar", "work", "target/bench-work",
                "seeder", "startup/SeedStore.java", "archives", "1000000", "uploads", "10000", "file-every", "10",
                "rounds", "3", "sweep-wait-s", "300", "server-java-options", "-Xmx64m -XX:+ExitOnOutOfMemoryError"));
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        long archives = Long.parseLong(args.text("archives"));
        Path data = work.resolve("startup-" + archives);
        String javaOptions = args.text("server-java-options");
        Files.createDirectories(work);
        if (!Files.exists(data.resolve("metadata.db"))) {
            System.out.printf("seeding %,d archives and %s uploads in flight into %s (untimed, kept for later runs)%n",
                    archives, args.text("uploads"), data);
            seed(jar, Path.of(args.text("seeder")).toAbsolutePath(), data, archives, args.text("uploads"),
                    args.text("file-every"));
        }
        Path empty = Files.createTempDirectory(work, "startup-empty");
        sweepWaitSeconds = args.integer("sweep-wait-s");
        List<double[]> clean = new ArrayList<>();
        List<double[]> killed = new ArrayList<>();
        List<double[]> reference = new ArrayList<>();
        System.out.println("load before: " + LoadAverage.now());
        for (int round = 0; round < args.integer("rounds"); round++) {
            reference.add(startOnce(jar, empty, javaOptions, work, false));
            clean.add(startOnce(jar, data, javaOptions, work, true));
            killed.add(startOnce(jar, data, javaOptions, work, false));
            System.out.printf("round %d: empty store %.2f s; %,d archives %.2f s (sweep done %.1f s); after kill -9 %.2f s"
                    + " (sweep done %.1f s); load %s%n", round + 1, reference.get(round)[0], archives, clean.get(round)[0],
                    clean.get(round)[1], killed.get(round)[0], killed.get(round)[1], LoadAverage.now());
        }
        System.out.println();
        System.out.printf("start-up, process start to first 200 (DescribeVault), %s, %d rounds: min/median/max%n",
                javaOptions, args.integer("rounds"));
        System.out.printf("| store | first 200 | start-up sweep finished |%n|---|---|---|%n");
        System.out.printf("| empty (the limit: JVM + Jetty, no store) | %s | — |%n", Stats.of(reference, 0));
        System.out.printf("| %,d archives, %s uploads in flight | %s | %s |%n", archives, args.text("uploads"),
                Stats.of(clean, 0), Stats.of(clean, 1));
        System.out.printf("| the same after kill -9 | %s | %s |%n", Stats.of(killed, 0), Stats.of(killed, 1));
    }

    /**
     * Starts the server, times the first 200, waits for the sweep's log line; then stops it cleanly, or
     * with SIGKILL when {@code kill} (so the next start is one after a crash). Returns {first 200 s,
     * sweep finished s}.
     */
    private static double[] startOnce(Path jar, Path data, String javaOptions, Path work, boolean kill)
            throws Exception {
        int port = freePort();
        String endpoint = "http://127.0.0.1:" + port;
        Path log = work.resolve("permafrost-startup.log");
        try (GlacierClient client = SdkClients.glacier(endpoint, Credentials.BENCH, 1)) {
            // The client's own first call (class loading, marshaller set-up) happens before the clock starts.
            tryDescribe(client);
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
            command.addAll(List.of("-jar", jar.toString(), "serve", "--host", "127.0.0.1", "--port",
                    Integer.toString(port), "--data", data.toString()));
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("PERMAFROST_ACCESS_KEY_ID", Credentials.BENCH.accessKeyId());
            builder.environment().put("PERMAFROST_SECRET_ACCESS_KEY", Credentials.BENCH.secretAccessKey());
            builder.environment().put("PERMAFROST_ACCOUNT_ID", Credentials.BENCH.accountId());
            long started = System.nanoTime();
            Process process = builder.start();
            try {
                while (!tryDescribe(client)) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log);
                    }
                    Thread.sleep(5);
                }
                double firstOk = (System.nanoTime() - started) / 1e9;
                double sweepDone = Double.NaN;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(sweepWaitSeconds);
                while (System.nanoTime() < deadline && process.isAlive()) {
                    if (Files.readString(log).contains("start-up sweep finished")) {
                        sweepDone = (System.nanoTime() - started) / 1e9;
                        break;
                    }
                    Thread.sleep(20);
                }
                return new double[] {firstOk, sweepDone};
            } finally {
                if (kill) {
                    process.destroyForcibly().waitFor();
                } else {
                    process.destroy();
                    if (!process.waitFor(60, TimeUnit.SECONDS)) {
                        process.destroyForcibly().waitFor();
                    }
                }
            }
        }
    }

    /** True on a 200; false while the server does not answer or not yet with success. */
    private static boolean tryDescribe(GlacierClient client) {
        try {
            client.describeVault(b -> b.accountId("-").vaultName(VAULT));
            return true;
        } catch (software.amazon.awssdk.services.glacier.model.ResourceNotFoundException e) {
            client.createVault(b -> b.accountId("-").vaultName(VAULT)); // the empty store gets its vault once
            return false;
        } catch (RuntimeException notYet) {
            return false;
        }
    }

    private static void seed(Path jar, Path seeder, Path data, long archives, String uploads, String fileEvery)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), seeder.toString(), data.toString(), Long.toString(archives), uploads, fileEvery,
                Credentials.BENCH.accountId(), VAULT).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("seeding failed");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
