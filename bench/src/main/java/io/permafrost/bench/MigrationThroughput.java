package io.permafrost.bench;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code permafrost migrate} between two local servers (both from permafrost.jar, jobs immediate), beside the
 * reference measured in the same run: a plain client restoring the same archives (InitiateJob, DescribeJob until
 * Succeeded, GetJobOutput streamed and discarded) at the same concurrency. Two vaults: 10,000 small archives, and
 * one 1 GiB archive. The migration is timed end to end as a user runs it: its JVM's start, the inventory job,
 * every retrieval, the destination's intake (durable commit, tree hash verified) and the state file.
 */
public final class MigrationThroughput {
    private static final String SMALL_VAULT = "bench-small";
    private static final String LARGE_VAULT = "bench-large";
    private static final int POLL_MILLIS = 20;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("jar", "../target/permafrost.jar", "work", "target/bench-work",
                "archives", "10000", "archive-bytes", "1024", "size-mib", "1024", "concurrency", "4",
                "server-java-options", "-Xmx512m -XX:+ExitOnOutOfMemoryError"));
        long runStarted = System.nanoTime();
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath().resolve("migration");
        int archives = args.integer("archives");
        int archiveBytes = args.integer("archive-bytes");
        long size = (long) args.integer("size-mib") << 20;
        int concurrency = args.integer("concurrency");
        deleteRecursively(work);
        Files.createDirectories(work);
        String serverOptions = args.text("server-java-options");
        try (ChildProcess source = ChildProcess.permafrost(jar, work.resolve("source"), serverOptions, Credentials.BENCH,
                work.resolve("source.log"));
             ChildProcess destination = ChildProcess.permafrost(jar, work.resolve("destination"), serverOptions,
                     Credentials.BENCH, work.resolve("destination.log"));
             GlacierClient client = SdkClients.glacier(source.endpoint(), Credentials.BENCH, concurrency * 2)) {
            System.out.printf("seeding the source: %,d archives of %d bytes and one %d MiB archive (untimed)%n",
                    archives, archiveBytes, size >> 20);
            List<String> small = seedSmall(client, archives, archiveBytes, concurrency * 2);
            Path payload = work.resolve("large-payload.bin");
            String treeHash = RandomPayload.write(payload, size, 11);
            client.createVault(b -> b.accountId("-").vaultName(LARGE_VAULT));
            String large = client.uploadArchive(b -> b.accountId("-").vaultName(LARGE_VAULT).checksum(treeHash),
                    RequestBody.fromFile(payload)).archiveId();
            Files.delete(payload);
            System.out.printf("seeded in %.0f s%n", (System.nanoTime() - runStarted) / 1e9);

            Phase smallReference = timed("reference, small archives", source, destination,
                    () -> plainRestore(client, SMALL_VAULT, small, concurrency));
            Phase smallMigrate = timed("migrate, small archives", source, destination,
                    () -> migrate(jar, source, destination, work, SMALL_VAULT, concurrency));
            Phase largeReference = timed("reference, large archive", source, destination,
                    () -> plainRestore(client, LARGE_VAULT, List.of(large), 1));
            Phase largeMigrate = timed("migrate, large archive", source, destination,
                    () -> migrate(jar, source, destination, work, LARGE_VAULT, concurrency));

            long smallBytes = (long) archives * archiveBytes;
            System.out.println();
            System.out.printf("migration: permafrost migrate between two permafrost.jar servers (%s) on 127.0.0.1, "
                    + "concurrency %d, data on the filesystem of %s; load average at the end %s%n", serverOptions,
                    concurrency, work, LoadAverage.now());
            System.out.printf("  %-58s %10s %12s %10s %8s   %s%n", "", "seconds", "archives/s", "MB/s", "ratio",
                    "CPU s: client or migrator / source / destination");
            row(String.format("reference: plain restore of %,d x %d B archives", archives, archiveBytes), smallReference,
                    archives, smallBytes, 1);
            row("permafrost migrate, the same archives", smallMigrate, archives, smallBytes,
                    smallReference.seconds / smallMigrate.seconds);
            row(String.format("reference: plain restore of one %d MiB archive", size >> 20), largeReference, 1, size, 1);
            row("permafrost migrate, the same archive", largeMigrate, 1, size,
                    largeReference.seconds / largeMigrate.seconds);
        }
        System.out.printf("  the whole benchmark (servers, seeding, four phases) took %.0f s%n",
                (System.nanoTime() - runStarted) / 1e9);
    }

    /**
     * One measured phase: wall seconds, and the CPU seconds it cost the process that drives it (this JVM for the
     * reference, the migrator's JVM for a migration) and each server. On a shared machine the wall time stretches
     * with the others' load; CPU seconds much less, so they say where the time goes.
     */
    private record Phase(double seconds, double driverCpu, double sourceCpu, double destinationCpu) {
    }

    /** What a phase returns: the CPU seconds of its own driving process, or NaN when that is this JVM. */
    @FunctionalInterface
    private interface Measured {
        double run() throws Exception;
    }

    private static Phase timed(String name, ChildProcess source, ChildProcess destination, Measured phase)
            throws Exception {
        System.out.printf("== %s (load average before: %s)%n", name, LoadAverage.now());
        double sourceCpu = ProcessCpu.secondsOf(source.pid());
        double destinationCpu = ProcessCpu.secondsOf(destination.pid());
        double ownCpu = ProcessCpu.ofThisProcess();
        long started = System.nanoTime();
        double driverCpu = phase.run();
        double seconds = (System.nanoTime() - started) / 1e9;
        if (Double.isNaN(driverCpu)) {
            driverCpu = ProcessCpu.ofThisProcess() - ownCpu;
        }
        Phase measured = new Phase(seconds, driverCpu, ProcessCpu.secondsOf(source.pid()) - sourceCpu,
                ProcessCpu.secondsOf(destination.pid()) - destinationCpu);
        System.out.printf("   %.1f s; CPU s: driver %.1f, source %.1f, destination %.1f (load average after: %s)%n",
                seconds, measured.driverCpu, measured.sourceCpu, measured.destinationCpu, LoadAverage.now());
        return measured;
    }

    private static void row(String what, Phase phase, long archives, long bytes, double ratio) {
        System.out.printf("  %-58s %10.1f %12.1f %10.2f %8.2f   %.1f / %.1f / %.1f%n", what, phase.seconds,
                archives / phase.seconds, bytes / 1e6 / phase.seconds, ratio, phase.driverCpu, phase.sourceCpu,
                phase.destinationCpu);
    }

    private static List<String> seedSmall(GlacierClient client, int archives, int bytes, int threads) throws Exception {
        client.createVault(b -> b.accountId("-").vaultName(SMALL_VAULT));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<String>> ids = new ArrayList<>();
            for (int i = 0; i < archives; i++) {
                int seed = i;
                ids.add(pool.submit(() -> {
                    byte[] data = new byte[bytes];
                    new Random(seed).nextBytes(data);
                    return client.uploadArchive(b -> b.accountId("-").vaultName(SMALL_VAULT)
                            .archiveDescription("bench archive " + seed).checksum(ClientTreeHash.hex(ClientTreeHash.of(data, 0, data.length))),
                            RequestBody.fromBytes(data)).archiveId();
                }));
            }
            List<String> out = new ArrayList<>();
            for (Future<String> id : ids) {
                out.add(id.get());
            }
            return out;
        } finally {
            pool.shutdown();
        }
    }

    /** What any restore tool does per archive, at {@code concurrency} archives at once, in this JVM (NaN: its CPU is ours). */
    private static double plainRestore(GlacierClient client, String vault, List<String> ids, int concurrency)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicInteger next = new AtomicInteger();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                workers.add(pool.submit(() -> {
                    for (int i; (i = next.getAndIncrement()) < ids.size(); ) {
                        restore(client, vault, ids.get(i));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        return Double.NaN;
    }

    private static void restore(GlacierClient client, String vault, String archiveId) throws InterruptedException {
        String jobId = client.initiateJob(b -> b.accountId("-").vaultName(vault)
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Expedited"))).jobId();
        while (client.describeJob(b -> b.accountId("-").vaultName(vault).jobId(jobId)).statusCode()
                != StatusCode.SUCCEEDED) {
            Thread.sleep(POLL_MILLIS);
        }
        byte[] buffer = new byte[1 << 20];
        try (ResponseInputStream<GetJobOutputResponse> in = client.getJobOutput(b -> b.accountId("-").vaultName(vault)
                .jobId(jobId))) {
            while (in.read(buffer) >= 0) {
                // discarded: the reference is the transfer alone
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code java -jar permafrost.jar migrate} to its end (it must exit 0); returns its CPU seconds, read from
     * /proc while it runs (gone once it is reaped), so the last tenth of a second before its exit may be missing.
     */
    private static double migrate(Path jar, ChildProcess source, ChildProcess destination, Path work, String vault,
                                  int concurrency) throws IOException, InterruptedException {
        Path log = work.resolve("migrate-" + vault + ".log");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "migrate", "--from-endpoint", source.endpoint(), "--from-region", "us-east-1",
                "--vault", vault, "--data", work.resolve("destination").toString(),
                "--state", work.resolve("migrate-" + vault + ".db").toString(), "--tier", "Expedited",
                "--concurrency", Integer.toString(concurrency), "--poll-interval", "20ms", "--max-poll-interval", "20ms",
                "--progress-every", "10s").redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("AWS_ACCESS_KEY_ID", Credentials.BENCH.accessKeyId());
        builder.environment().put("AWS_SECRET_ACCESS_KEY", Credentials.BENCH.secretAccessKey());
        Process migrate = builder.start();
        double cpu = 0;
        while (!migrate.waitFor(100, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            double now = ProcessCpu.secondsOf(migrate.pid());
            cpu = Double.isNaN(now) ? cpu : now;
        }
        int exit = migrate.exitValue();
        if (exit != 0) {
            throw new IllegalStateException("migrate of " + vault + " exited " + exit + ":\n" + Files.readString(log));
        }
        return cpu;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
