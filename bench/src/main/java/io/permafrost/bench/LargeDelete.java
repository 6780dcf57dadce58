package io.permafrost.bench;

import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What deleting one big archive costs everyone else: a vault holds an archive of PARTS segments of
 * 1 MiB (each its own blob file, as a multipart upload leaves it; seeded straight into the data
 * directory by {@code bench/startup/SeedStore.java}, as 10 GiB of uploads would take long), and 16
 * clients upload 1 KiB archives back to back. The same load is measured twice in one run on one
 * server: alone (the reference), then with DeleteArchive of the big archive issued 2 s into the
 * window. Printed: the others' p99 and worst latency in each window and their ratio, and the
 * delete's own latency. Each round seeds a fresh data directory (the delete consumes it).
 */
public final class LargeDelete {
    private static final String BIG_VAULT = "bench-startup";
    private static final String LOAD_VAULT = "bench-load";

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("jar", "../target/permafrost.jar", "work", "target/bench-work",
                "seeder", "startup/SeedStore.java", "parts", "10000", "clients", "16", "warmup-s", "10",
                "duration-s", "8", "rounds", "3", "server-java-options", "-Xmx256m"));
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        Path seeder = Path.of(args.text("seeder")).toAbsolutePath();
        int clients = args.integer("clients");
        double warmup = Double.parseDouble(args.text("warmup-s"));
        double duration = Double.parseDouble(args.text("duration-s"));
        byte[] body = new byte[1024];
        new java.util.Random(7).nextBytes(body);
        String treeHash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
        List<double[]> rounds = new ArrayList<>();
        for (int round = 1; round <= args.integer("rounds"); round++) {
            Path data = work.resolve("large-delete");
            deleteRecursively(data);
            Process seed = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    jar.toString(), seeder.toString(), data.toString(), "0", "0", "1", Credentials.BENCH.accountId(),
                    BIG_VAULT, args.text("parts")).inheritIO().start();
            if (seed.waitFor() != 0) {
                throw new IllegalStateException("seeding failed");
            }
            String bigArchive = Files.readString(data.resolve("big-archive-id")).trim();
            System.out.println("round " + round + ", load before: " + LoadAverage.now());
            try (ChildProcess server = ChildProcess.permafrost(jar, data, args.text("server-java-options"),
                    Credentials.BENCH, work.resolve("permafrost-large-delete.log"));
                 LoadGenerator generator = new SignedHttpLoadGenerator(server.endpoint(), Credentials.BENCH);
                 GlacierClient sdk = SdkClients.glacier(server.endpoint(), Credentials.BENCH, 1)) {
                generator.createVault(LOAD_VAULT);
                Runnable upload = () -> generator.uploadArchive(LOAD_VAULT, body, treeHash);
                LoadPhase.Result alone = LoadPhase.run(upload, clients, warmup, duration, server.pid());
                AtomicReference<Double> deleteSeconds = new AtomicReference<>(Double.NaN);
                Thread delete = new Thread(() -> {
                    sleep(2.0 + 1.0);
                    long started = System.nanoTime();
                    sdk.deleteArchive(b -> b.accountId("-").vaultName(BIG_VAULT).archiveId(bigArchive));
                    deleteSeconds.set((System.nanoTime() - started) / 1e9);
                }, "big-delete");
                delete.start();
                // One second of warm-up, so the delete lands 2 s into the measured window.
                LoadPhase.Result during = LoadPhase.run(upload, clients, 1.0, duration, server.pid());
                delete.join();
                System.out.printf("  alone: %.0f req/s p99 %.1f ms max %.1f ms; during the delete: %.0f req/s p99 %.1f ms "
                                + "max %.1f ms; DeleteArchive of %s parts %.2f s; errors %d/%d%n", alone.perSecond(),
                        alone.p99Millis(), alone.maxMillis(), during.perSecond(), during.p99Millis(), during.maxMillis(),
                        args.text("parts"), deleteSeconds.get(), alone.errors(), during.errors());
                rounds.add(new double[] {alone.p99Millis(), alone.maxMillis(), during.p99Millis(), during.maxMillis(),
                        during.p99Millis() / alone.p99Millis(), during.maxMillis() / alone.p99Millis(), deleteSeconds.get()});
            }
        }
        System.out.println();
        System.out.printf("DeleteArchive of a %s-part archive beside %d clients uploading 1 KiB, %d rounds: min/median/max%n",
                args.text("parts"), clients, rounds.size());
        System.out.println("| figure | value |\n|---|---|");
        String[] names = {"others' p99 alone (the reference)", "others' worst alone", "others' p99 during the delete",
                "others' worst during the delete", "p99 during / p99 alone", "worst during / p99 alone",
                "the delete's own latency"};
        for (int i = 0; i < names.length; i++) {
            System.out.printf("| %s | %s |%n", names[i], ratioOrMillis(rounds, i));
        }
    }

    private static String ratioOrMillis(List<double[]> rounds, int column) {
        String seconds = Stats.of(rounds, column);
        if (column == 4 || column == 5) {
            return seconds.replace(" s", "×");
        }
        return column == 6 ? seconds : seconds.replace(" s", " ms");
    }

    private static void sleep(double seconds) {
        try {
            Thread.sleep((long) (seconds * 1000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteRecursively(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
