package io.permafrost.bench;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;
import software.amazon.awssdk.services.glacier.model.JobParameters;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Jobs at scale, against permafrost.jar at a small heap (default -Xmx256m):
 * <ol>
 *   <li>an inventory job (JSON, then CSV) over a vault of 1,000,000 archives whose metadata is seeded
 *       straight through the server's own store before it starts ({@code bench/inventory/SeedArchives.java},
 *       no uploads, no blobs): time from InitiateJob to Succeeded and the output's size;</li>
 *   <li>GetJobOutput of a 1 GiB archive through the SDK beside {@code cat BLOB > /dev/null} of the
 *       stored blob file, both measured in the same run with the page cache warm for both.</li>
 * </ol>
 */
public final class InventoryJobs {
    private static final String INVENTORY_VAULT = "bench-inventory";
    private static final String OUTPUT_VAULT = "bench-output";
    private static final int POLL_MILLIS = 50;

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("jar", "../target/permafrost.jar", "work", "target/bench-work",
                "seeder", "inventory/SeedArchives.java", "archives", "1000000", "size-mib", "1024",
                "server-java-options", "-Xmx256m -XX:+ExitOnOutOfMemoryError", "rounds", "2"));
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        Path seeder = Path.of(args.text("seeder")).toAbsolutePath();
        long archives = Long.parseLong(args.text("archives"));
        long size = (long) args.integer("size-mib") << 20;
        Path data = work.resolve("inventory-data");
        Files.createDirectories(work);

        // The seeded vault is kept between runs (seeding a million records takes minutes); the 1 GiB archive is not.
        System.out.printf("seeding %,d archive records through SqliteMetadataStore in %s (untimed, skipped when "
                + "already there)%n", archives, data);
        seed(jar, seeder, data, archives);

        List<String> rows = new ArrayList<>();
        String serverOptions = args.text("server-java-options");
        try (ChildProcess server = ChildProcess.permafrost(jar, data, serverOptions, Credentials.BENCH,
                work.resolve("permafrost-inventory.log"));
             GlacierClient client = SdkClients.glacier(server.endpoint(), Credentials.BENCH, 4)) {
            for (String format : List.of("JSON", "CSV")) {
                rows.add(inventory(client, server, format, archives));
            }
            Transfer transfer = jobOutput(client, server, data, work, size, args.integer("rounds"));
            boolean alive = ProcessHandle.of(server.pid()).map(ProcessHandle::isAlive).orElse(false);
            String rss = peakResidentSet(server.pid());

            System.out.println();
            System.out.printf("inventory-jobs: permafrost.jar (%s) on 127.0.0.1, AWS SDK v2 GlacierClient, "
                    + "data on the filesystem of %s%n", serverOptions, work);
            System.out.printf("  %-34s %12s %16s %10s %14s %12s%n", "inventory job, " + String.format("%,d", archives)
                    + " archives", "to Succeeded", "output bytes", "bytes/arch", "download MB/s", "server CPU");
            rows.forEach(System.out::println);
            System.out.printf("  GetJobOutput, %d MiB archive (page cache warm for both; best of %d rounds: %s)%n",
                    size >> 20, transfer.rounds(), transfer.detail());
            System.out.printf("    %-52s %8.1f MB/s%n", "reference: cat BLOB > /dev/null", transfer.catRate());
            System.out.printf("    %-52s %8.1f MB/s   ratio %.2f%n", "GetJobOutput through the SDK (streamed, discarded)",
                    transfer.getRate(), transfer.getRate() / transfer.catRate());
            System.out.printf("  server alive at the end: %s; server peak RSS %s%n", alive, rss);
        }
    }

    private static void seed(Path jar, Path seeder, Path data, long archives) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", jar.toString(), seeder.toString(), data.toString(), Long.toString(archives),
                Credentials.BENCH.accountId(), INVENTORY_VAULT).inheritIO().start();
        if (process.waitFor() != 0) {
            throw new IllegalStateException("seeding failed with exit status " + process.exitValue());
        }
    }

    /** One inventory job: InitiateJob to Succeeded (DescribeJob polled every 50 ms), then its output downloaded. */
    private static String inventory(GlacierClient client, ChildProcess server, String format, long archives)
            throws IOException, InterruptedException {
        double cpuBefore = ProcessCpu.secondsOf(server.pid());
        long started = System.nanoTime();
        String jobId = start(client, INVENTORY_VAULT, p -> p.type("inventory-retrieval").format(format));
        DescribeJobResponse job = awaitCompleted(client, INVENTORY_VAULT, jobId);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpu = ProcessCpu.secondsOf(server.pid()) - cpuBefore;
        if (!"Succeeded".equals(job.statusCodeAsString())) {
            throw new IllegalStateException("inventory job ended " + job.statusCodeAsString() + ": " + job.statusMessage());
        }
        long outputSize = job.inventorySizeInBytes();
        long downloadStart = System.nanoTime();
        Count count = download(client, INVENTORY_VAULT, jobId);
        double downloadSeconds = (System.nanoTime() - downloadStart) / 1e9;
        // A CSV line per archive plus the header; a JSON object per archive: the output lists every archive.
        long listed = format.equals("CSV") ? count.newlines() - 1 : count.openBraces() - 1;
        if (count.bytes() != outputSize || listed != archives) {
            throw new IllegalStateException(format + " inventory: " + count.bytes() + " bytes (InventorySizeInBytes "
                    + outputSize + "), " + listed + " archives listed, expected " + archives);
        }
        return String.format("  %-34s %10.1f s %,16d %10.1f %14.1f %10.1f s", format, seconds, outputSize,
                (double) outputSize / archives, outputSize / 1e6 / downloadSeconds, cpu);
    }

    private record Transfer(double catRate, double getRate, int rounds, String detail) {
    }

    /** Uploads a random archive, retrieves it, then times cat of its blob and GetJobOutput, alternating. */
    private static Transfer jobOutput(GlacierClient client, ChildProcess server, Path data, Path work, long size,
                                      int rounds)
            throws Exception {
        client.createVault(b -> b.accountId("-").vaultName(OUTPUT_VAULT));
        Path payload = work.resolve("job-output-payload.bin");
        String treeHash = RandomPayload.write(payload, size, 7);
        String archiveId;
        try {
            archiveId = client.uploadArchive(b -> b.accountId("-").vaultName(OUTPUT_VAULT).checksum(treeHash),
                    RequestBody.fromFile(payload)).archiveId();
        } finally {
            Files.deleteIfExists(payload);
        }
        Path blob = largestBlob(data.resolve("blobs"));
        if (Files.size(blob) != size) {
            throw new IllegalStateException("expected a " + size + "-byte blob, the largest is " + blob);
        }
        String jobId = start(client, OUTPUT_VAULT, p -> p.type("archive-retrieval").archiveId(archiveId));
        DescribeJobResponse job = awaitCompleted(client, OUTPUT_VAULT, jobId);
        if (!treeHash.equals(job.sha256TreeHash())) {
            throw new IllegalStateException("retrieval job tree hash " + job.sha256TreeHash() + ", expected " + treeHash);
        }
        try {
            cat(blob); // warms the page cache, so both readers below find the blob in memory
            double bestCat = Double.MAX_VALUE;
            double bestGet = Double.MAX_VALUE;
            StringBuilder detail = new StringBuilder();
            for (int round = 0; round < rounds; round++) {
                double catSeconds = cat(blob);
                double cpuBefore = ProcessCpu.secondsOf(server.pid());
                long started = System.nanoTime();
                Count count = download(client, OUTPUT_VAULT, jobId);
                double getSeconds = (System.nanoTime() - started) / 1e9;
                double serverCpu = ProcessCpu.secondsOf(server.pid()) - cpuBefore;
                if (count.bytes() != size) {
                    throw new IllegalStateException("GetJobOutput returned " + count.bytes() + " bytes, expected " + size);
                }
                bestCat = Math.min(bestCat, catSeconds);
                bestGet = Math.min(bestGet, getSeconds);
                detail.append(round == 0 ? "" : "; ").append(String.format("cat %.2f s, get %.2f s (server CPU %.2f s)",
                        catSeconds, getSeconds, serverCpu));
            }
            return new Transfer(size / 1e6 / bestCat, size / 1e6 / bestGet, rounds, detail.toString());
        } finally {
            client.deleteArchive(b -> b.accountId("-").vaultName(OUTPUT_VAULT).archiveId(archiveId));
        }
    }

    private static double cat(Path blob) throws IOException, InterruptedException {
        long started = System.nanoTime();
        Process cat = new ProcessBuilder("cat", blob.toString()).redirectOutput(new File("/dev/null")).start();
        if (cat.waitFor() != 0) {
            throw new IllegalStateException("cat " + blob + " failed");
        }
        return (System.nanoTime() - started) / 1e9;
    }

    private static Path largestBlob(Path blobs) throws IOException {
        try (var files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).filter(p -> !p.startsWith(blobs.resolve("tmp")))
                    .max(Comparator.comparingLong(p -> p.toFile().length()))
                    .orElseThrow(() -> new IllegalStateException("no blob under " + blobs));
        }
    }

    private static String start(GlacierClient client, String vault, Consumer<JobParameters.Builder> parameters) {
        return client.initiateJob(b -> b.accountId("-").vaultName(vault).jobParameters(parameters)).jobId();
    }

    private static DescribeJobResponse awaitCompleted(GlacierClient client, String vault, String jobId)
            throws InterruptedException {
        while (true) {
            DescribeJobResponse job = client.describeJob(b -> b.accountId("-").vaultName(vault).jobId(jobId));
            if (Boolean.TRUE.equals(job.completed())) {
                return job;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private record Count(long bytes, long newlines, long openBraces) {
    }

    /** Reads a job's whole output through the SDK's stream, one buffer at a time, counting as it goes. */
    private static Count download(GlacierClient client, String vault, String jobId) throws IOException {
        byte[] buffer = new byte[1 << 20];
        long bytes = 0;
        long newlines = 0;
        long braces = 0;
        try (ResponseInputStream<GetJobOutputResponse> in = client.getJobOutput(
                b -> b.accountId("-").vaultName(vault).jobId(jobId))) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        newlines++;
                    } else if (buffer[i] == '{') {
                        braces++;
                    }
                }
            }
        }
        return new Count(bytes, newlines, braces);
    }

    /** A process's peak resident set size, from /proc (Linux). */
    private static String peakResidentSet(long pid) {
        try {
            return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:")).map(line -> line.substring(6).trim())
                    .findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }
}
