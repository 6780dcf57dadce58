package io.permafrost.bench;

import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeJobResponse;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Download throughput (issue 13, item 6): GetJobOutput of a 1 GiB archive through the unchanged AWS
 * SDK v2 GlacierClient, whole and in 64 MiB ranges, from Permafrost (which verifies every byte it
 * sends against the chunk hashes recorded at upload) and from {@link MemoryOutputServer} (the same
 * bytes from memory: no hashing, no disk), in interleaved rounds of the same run. The client reads
 * each body into a buffer and drops it; the tree hash each answer names is checked against the one
 * computed before the clock started.
 */
public final class DownloadThroughput {
    private static final String VAULT = "bench-download";
    private static final long SEED = 13;
    private static final int POLL_MILLIS = 50;
    private static final String[] SERVERS = {"permafrost", "reference"};
    private static final String[] MODES = {"whole", "ranges"};

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.of("jar", "../target/permafrost.jar", "work", "target/bench-work",
                "size-mib", "1024", "range-mib", "64", "rounds", "4", "warmup-rounds", "1",
                "http-client", SdkClients.APACHE, "server-java-options", ""));
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        long size = (long) args.integer("size-mib") << 20;
        int rangeSize = args.integer("range-mib") << 20;
        int rounds = args.integer("rounds");
        String httpClient = args.text("http-client");
        Path data = work.resolve("download-data");
        Files.createDirectories(work);
        UploadThroughput.deleteTree(data);

        System.out.printf("preparing a %d MiB random payload and its tree hashes, whole and per %d MiB range "
                + "(untimed)%n", size >> 20, rangeSize >> 20);
        Path payload = work.resolve("download-payload.bin");
        String wholeHash = RandomPayload.write(payload, size, SEED);
        List<String> rangeHashes = UploadThroughput.partTreeHashes(payload, size, rangeSize).stream()
                .map(ClientTreeHash::hex).toList();
        Reads reads = new Reads(size, rangeSize, wholeHash, rangeHashes);

        Map<String, List<Round>> results = new LinkedHashMap<>();
        String serverOptions = args.text("server-java-options");
        try (ChildProcess permafrost = ChildProcess.permafrost(jar, data, serverOptions, Credentials.BENCH,
                work.resolve("permafrost-download.log"));
             GlacierClient toPermafrost = SdkClients.glacier(permafrost.endpoint(), Credentials.BENCH, 4, httpClient)) {
            String jobId = storeAndRetrieve(toPermafrost, payload, wholeHash);
            Files.deleteIfExists(payload);
            try (ChildProcess reference = ChildProcess.memoryOutput(size, SEED, work.resolve("memory-output.log"));
                 GlacierClient toReference = SdkClients.glacier(reference.endpoint(), Credentials.BENCH, 4,
                         httpClient)) {
                Map<String, Target> targets = Map.of(
                        SERVERS[0], new Target(toPermafrost, permafrost.pid(), jobId),
                        SERVERS[1], new Target(toReference, reference.pid(), "reference-job"));
                for (int round = 0; round < args.integer("warmup-rounds"); round++) {
                    // The first reads run with the JIT compiling and Permafrost's blob coming off the disk
                    // into the page cache (it was written with direct I/O): not what is measured.
                    System.out.printf("warm-up round %d, untimed%n", round + 1);
                    for (String server : SERVERS) {
                        for (String mode : MODES) {
                            reads.time(targets.get(server), mode);
                        }
                    }
                }
                for (int round = 0; round < rounds; round++) {
                    // A B, B A, ...: whoever goes first in a round does not always get the quieter machine.
                    String[] order = round % 2 == 0 ? SERVERS : new String[] {SERVERS[1], SERVERS[0]};
                    for (String mode : MODES) {
                        for (String server : order) {
                            String load = LoadAverage.now();
                            Round measured = reads.time(targets.get(server), mode);
                            results.computeIfAbsent(server + " " + mode, k -> new ArrayList<>())
                                    .add(measured.withLoad(load));
                            System.out.printf("round %d %-10s %-6s %7.1f MB/s  server %.2f CPU-s/GiB  client %.2f "
                                            + "CPU-s/GiB  (load before: %s)%n", round + 1, server, mode,
                                    measured.rate(size), measured.serverCpuPerGib(size),
                                    measured.clientCpuPerGib(size), load);
                        }
                    }
                }
            }
        } finally {
            Files.deleteIfExists(payload);
            UploadThroughput.deleteTree(data);
        }

        System.out.println();
        System.out.printf("download-throughput: GetJobOutput of a %d MiB archive, whole and in %d MiB ranges "
                        + "(%d requests), AWS SDK v2 GlacierClient over %s, body read into a 1 MiB buffer and dropped; "
                        + "%d interleaved rounds after %s untimed; data on the filesystem of %s%n", size >> 20,
                rangeSize >> 20, rangeHashes.size(), SdkClients.describe(httpClient), rounds,
                args.text("warmup-rounds"), work);
        System.out.printf("  %-44s %-20s %-20s %-20s%n", "min/median/max", "MB/s", "server CPU-s/GiB",
                "client CPU-s/GiB");
        for (String mode : MODES) {
            for (String server : SERVERS) {
                List<Round> runs = results.get(server + " " + mode);
                System.out.printf("  %-44s %-20s %-20s %-20s%n", label(server, mode),
                        spread(runs.stream().mapToDouble(r -> r.rate(size)).toArray()),
                        spread(runs.stream().mapToDouble(r -> r.serverCpuPerGib(size)).toArray()),
                        spread(runs.stream().mapToDouble(r -> r.clientCpuPerGib(size)).toArray()));
            }
            List<Round> ours = results.get(SERVERS[0] + " " + mode);
            List<Round> theirs = results.get(SERVERS[1] + " " + mode);
            double[] ratios = new double[ours.size()];
            for (int i = 0; i < ratios.length; i++) {
                ratios[i] = theirs.get(i).seconds() / ours.get(i).seconds();
            }
            System.out.printf("  %-44s %s  (target >= 0.80: %s by the median)%n", "  Permafrost / reference, per round",
                    spread(ratios), Stats.median(ratios) >= 0.8 ? "met" : "MISSED");
        }
        System.out.println("  load average before each measured read (1/5/15 min):");
        results.forEach((what, runs) -> System.out.printf("    %-18s %s%n", what,
                String.join(" | ", runs.stream().map(Round::load).toList())));
    }

    private static String label(String server, String mode) {
        String what = mode.equals("whole") ? "whole output" : "64 MiB ranges";
        return server.equals("permafrost") ? "Permafrost, " + what + " (verified)"
                : "reference (memory, no hashing), " + what;
    }

    private static String spread(double[] values) {
        return Stats.of(values, "");
    }

    /** Uploads the payload, starts an Expedited archive retrieval and waits for it (the default job delay is 0). */
    private static String storeAndRetrieve(GlacierClient client, Path payload, String treeHash)
            throws InterruptedException {
        client.createVault(b -> b.accountId("-").vaultName(VAULT));
        String archiveId = client.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(treeHash),
                RequestBody.fromFile(payload)).archiveId();
        String jobId = client.initiateJob(b -> b.accountId("-").vaultName(VAULT).jobParameters(p -> p
                .type("archive-retrieval").archiveId(archiveId).tier("Expedited"))).jobId();
        while (true) {
            DescribeJobResponse job = client.describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(jobId));
            if (Boolean.TRUE.equals(job.completed())) {
                if (!"Succeeded".equals(job.statusCodeAsString()) || !treeHash.equals(job.sha256TreeHash())) {
                    throw new IllegalStateException("retrieval job ended " + job.statusCodeAsString() + " with tree "
                            + "hash " + job.sha256TreeHash() + ", expected " + treeHash);
                }
                return jobId;
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private record Target(GlacierClient client, long pid, String jobId) {
    }

    private record Round(double seconds, double serverCpu, double clientCpu, String load) {
        Round withLoad(String text) {
            return new Round(seconds, serverCpu, clientCpu, text);
        }

        double rate(long size) {
            return size / 1e6 / seconds;
        }

        double serverCpuPerGib(long size) {
            return serverCpu / (size / (double) (1L << 30));
        }

        double clientCpuPerGib(long size) {
            return clientCpu / (size / (double) (1L << 30));
        }
    }

    /** The reads of one mode, timed, each answer's length and tree hash checked. */
    private record Reads(long size, int rangeSize, String wholeHash, List<String> rangeHashes) {
        Round time(Target target, String mode) throws IOException {
            double serverBefore = ProcessCpu.secondsOf(target.pid());
            double clientBefore = ProcessCpu.ofThisProcess();
            long started = System.nanoTime();
            if (mode.equals("whole")) {
                read(target, null, size, wholeHash);
            } else {
                for (int i = 0; i < rangeHashes.size(); i++) {
                    long first = (long) i * rangeSize;
                    long last = Math.min(size, first + rangeSize) - 1;
                    read(target, "bytes=" + first + "-" + last, last - first + 1, rangeHashes.get(i));
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Round(seconds, ProcessCpu.secondsOf(target.pid()) - serverBefore,
                    ProcessCpu.ofThisProcess() - clientBefore, "");
        }

        private static void read(Target target, String range, long expectedBytes, String expectedHash)
                throws IOException {
            byte[] buffer = new byte[1 << 20];
            long bytes = 0;
            try (ResponseInputStream<GetJobOutputResponse> in = target.client().getJobOutput(b -> b.accountId("-")
                    .vaultName(VAULT).jobId(target.jobId()).range(range))) {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    bytes += n;
                }
                String named = in.response().checksum();
                if (bytes != expectedBytes || !expectedHash.equals(named)) {
                    throw new IllegalStateException("GetJobOutput " + (range == null ? "whole" : range) + ": "
                            + bytes + " bytes with tree hash " + named + ", expected " + expectedBytes + " bytes with "
                            + expectedHash);
                }
            }
        }
    }
}
