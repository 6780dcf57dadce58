package io.permafrost.bench;

import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.UploadArchiveResponse;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Upload throughput: one large archive through the AWS SDK v2 GlacierClient into a Permafrost
 * process, as one UploadArchive and as a multipart upload with parts sent in parallel, beside
 * {@code dd conv=fsync} writing the same amount to the same filesystem in the same run.
 *
 * <p>The tree hashes are computed before the clock starts (the SDK does not compute them). The
 * payload SHA-256 the SDK computes to sign each request (x-amz-content-sha256) is real client cost
 * and stays inside the timing; its share is measured separately and printed.
 */
public final class UploadThroughput {
    private static final String VAULT = "bench-upload";

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.ofEntries(
                Map.entry("jar", "../target/permafrost.jar"),
                Map.entry("work", "target/bench-work"),
                Map.entry("size-mib", "1024"),
                Map.entry("part-mib", "4"),
                Map.entry("threads", "4"),
                Map.entry("server-java-options", ""),
                Map.entry("http-client", SdkClients.APACHE),
                Map.entry("warmup-mib", "256"),
                Map.entry("warmup-parts", "1000"),
                Map.entry("warmup-requests", "20000"),
                Map.entry("modes", "single,multipart")));
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        long size = (long) args.integer("size-mib") << 20;
        int partSize = args.integer("part-mib") << 20;
        int threads = args.integer("threads");
        String httpClient = args.text("http-client");
        List<String> modes = List.of(args.text("modes").split(","));
        long warmupSize = (long) args.integer("warmup-mib") << 20;
        Files.createDirectories(work);
        Path payload = work.resolve("payload.bin");
        Path data = work.resolve("upload-data");
        deleteTree(data);

        System.out.printf("preparing a %d MiB random payload in %s and its tree hashes (untimed)%n", size >> 20, work);
        RandomPayload.write(payload, size, 42);
        List<byte[]> partHashes = partTreeHashes(payload, size, partSize);
        String wholeTreeHash = ClientTreeHash.hex(ClientTreeHash.combine(partHashes));
        Path warmupPayload = work.resolve("warmup.bin");
        RandomPayload.write(warmupPayload, warmupSize, 43);
        List<byte[]> warmupPartHashes = partTreeHashes(warmupPayload, warmupSize, partSize);
        String warmupTreeHash = ClientTreeHash.hex(ClientTreeHash.combine(warmupPartHashes));

        double ddSeconds = DdReference.seconds(work.resolve("dd.bin"), size >> 20);
        Payload measured = new Payload(payload, size, partSize, partHashes, wholeTreeHash);
        Payload warmup = new Payload(warmupPayload, warmupSize, partSize, warmupPartHashes, warmupTreeHash);
        Settings settings = new Settings(threads, httpClient, modes, args.integer("warmup-parts"),
                args.integer("warmup-requests"));

        Results permafrost;
        Results ceiling;
        try {
            try (ChildProcess server = ChildProcess.permafrost(jar, data, args.text("server-java-options"),
                    Credentials.BENCH, work.resolve("permafrost-upload.log"))) {
                permafrost = measure(server, settings, warmup, measured);
            }
            try (ChildProcess discard = ChildProcess.discard(work.resolve("discard-upload.log"))) {
                ceiling = measure(discard, settings, warmup, measured);
            }
        } finally {
            deleteTree(data);
            Files.deleteIfExists(warmupPayload);
        }
        double hashSeconds = timeSha256(payload, size);
        Files.deleteIfExists(payload);

        double mb = size / 1e6;
        double ddRate = mb / ddSeconds;
        String multipart = "multipart, " + (partSize >> 20) + " MiB parts, " + threads + " parallel";
        System.out.println();
        System.out.printf("upload-throughput: %d MiB archive, AWS SDK v2 GlacierClient over %s -> "
                + "permafrost.jar on 127.0.0.1 (warmed up with %d MiB, %d part uploads and %d requests), data on the filesystem "
                + "of %s%n", size >> 20, SdkClients.describe(httpClient), warmupSize >> 20, settings.warmupParts(), settings.warmupRequests(), work);
        System.out.printf("  %-52s %8.1f MB/s%n", "reference: dd bs=1M count=" + (size >> 20) + " conv=fsync", ddRate);
        row("UploadArchive, single request", mb / permafrost.single().seconds(), ddRate, permafrost.single());
        row(multipart, mb / permafrost.multipart().seconds(), ddRate, permafrost.multipart());
        System.out.println("  the same client against DiscardServer (reads and drops the bytes: no signature check, "
                + "no hashing, no disk) - the most any server can get through this client here:");
        row("  UploadArchive, single request", mb / ceiling.single().seconds(), ddRate, ceiling.single());
        row("  " + multipart, mb / ceiling.multipart().seconds(), ddRate, ceiling.multipart());
        System.out.printf("  Permafrost / client ceiling: single %.2f, multipart %.2f%n",
                ceiling.single().seconds() / permafrost.single().seconds(),
                ceiling.multipart().seconds() / permafrost.multipart().seconds());
        System.out.printf("  client-side SHA-256 of the payload (the SDK's x-amz-content-sha256), measured alone: %.2f s CPU "
                + "(%.0f MB per CPU-second); the server hashes every byte twice (payload SHA-256 + tree hash)%n",
                hashSeconds, mb / hashSeconds);
        // The target is against the client's own ceiling (issue 13 item 2), not dd: the SDK client, not
        // the disk, is what binds here, and dd through the page cache swings several-fold in an afternoon.
        System.out.printf("  target: Permafrost / client ceiling >= 0.80 -> single %s, multipart %s%n",
                verdict(ceiling.single().seconds() / permafrost.single().seconds()),
                verdict(ceiling.multipart().seconds() / permafrost.multipart().seconds()));
    }

    record Payload(Path file, long size, int partSize, List<byte[]> partHashes, String treeHash) {
    }

    record Settings(int threads, String httpClient, List<String> modes, int warmupParts, int warmupRequests) {
    }

    record Run(double seconds, String cpu) {
    }

    record Results(Run single, Run multipart) {
    }

    /** Warms the server up (untimed), then times one single-request upload and one multipart upload. */
    static Results measure(ChildProcess server, Settings settings, Payload warmup, Payload measured)
            throws Exception {
        try (GlacierClient client = SdkClients.glacier(server.endpoint(), Credentials.BENCH, settings.threads() * 2,
                settings.httpClient())) {
            client.createVault(b -> b.accountId("-").vaultName(VAULT));
            if (warmup.size() > 0) {
                // A server runs for months: its first upload, with the JIT still compiling the hot loops
                // (seen here: C2 threads busy through the whole first GiB), is not what is being measured.
                System.out.printf("%s: warming up with %d MiB single + multipart, untimed%n", server.name(),
                        warmup.size() >> 20);
                timeSingle(client, warmup);
                timeMultipart(client, warmup, settings.threads());
            }
            // The multipart run is 256 requests: their per-request code (signature, routing, metadata)
            // must be compiled as in a server that has been up a while, not interpreted.
            // The JIT compiles the request path fully only after some 10,000 calls (seen with
            // -XX:+PrintCompilation: with parts alone, C2 was still compiling Jetty's header parser and
            // SigV4 during the measured upload); cheap signed requests get it there in a few seconds.
            warmUpParts(client, warmup.file(), settings.warmupParts(), settings.threads());
            warmUpRequests(client, settings.warmupRequests(), settings.threads());
            System.out.printf("%s: measuring (server pid %d)%n", server.name(), server.pid());
            CpuSplit cpu = new CpuSplit(server.pid());
            double single = settings.modes().contains("single") ? timeSingle(client, measured) : Double.NaN;
            Run singleRun = new Run(single, cpu.next());
            double multipart = settings.modes().contains("multipart")
                    ? timeMultipart(client, measured, settings.threads()) : Double.NaN;
            return new Results(singleRun, new Run(multipart, cpu.next()));
        }
    }

    private static String verdict(double ratio) {
        return Double.isNaN(ratio) ? "not run" : ratio >= 0.8 ? "met" : "MISSED";
    }

    private static void row(String what, double rate, double ddRate, Run run) {
        System.out.printf("  %-52s %8.1f MB/s   ratio %.2f   (%.1f s wall; %s)%n", what, rate, rate / ddRate,
                run.seconds(), run.cpu());
    }

    /** CPU seconds the server and this client used since the previous call. */
    static final class CpuSplit {
        private final long[] serverPids;
        private double serverUser;
        private double serverSystem;
        private double client;

        /** @param serverPids every process of the server (both nodes of a two-node cluster): their CPU is added up */
        CpuSplit(long... serverPids) {
            this.serverPids = serverPids;
            this.serverUser = user();
            this.serverSystem = system();
            this.client = ProcessCpu.ofThisProcess();
        }

        private double user() {
            return summed(ProcessCpu::userSecondsOf);
        }

        private double system() {
            return summed(ProcessCpu::systemSecondsOf);
        }

        private double summed(java.util.function.LongToDoubleFunction secondsOf) {
            double seconds = 0;
            for (long pid : serverPids) {
                seconds += secondsOf.applyAsDouble(pid);
            }
            return seconds;
        }

        String next() {
            double userNow = user();
            double systemNow = system();
            double clientNow = ProcessCpu.ofThisProcess();
            String text = String.format("CPU: server %.1f s (user %.1f, kernel %.1f), client %.1f s",
                    userNow - serverUser + systemNow - serverSystem, userNow - serverUser, systemNow - serverSystem,
                    clientNow - client);
            serverUser = userNow;
            serverSystem = systemNow;
            client = clientNow;
            return text;
        }
    }

    static double timeSingle(GlacierClient client, Payload payload) {
        long start = System.nanoTime();
        UploadArchiveResponse response = client.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                .checksum(payload.treeHash()), RequestBody.fromFile(payload.file()));
        double seconds = (System.nanoTime() - start) / 1e9;
        requireSame(payload.treeHash(), response.checksum());
        return seconds;
    }

    private static double timeMultipart(GlacierClient client, Payload payload, int threads) throws Exception {
        return timeMultipart(List.of(client), payload, threads);
    }

    /**
     * One multipart upload whose requests are spread over {@code clients} (one per node of a cluster):
     * initiated through the first, part i sent through client i mod n, completed through the last.
     */
    static double timeMultipart(List<GlacierClient> clients, Payload payload, int threads) throws Exception {
        GlacierClient client = clients.get(0);
        int partSize = payload.partSize();
        long size = payload.size();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FileChannel file = FileChannel.open(payload.file(), StandardOpenOption.READ)) {
            long start = System.nanoTime();
            String uploadId = client.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                    .partSize(Integer.toString(partSize))).uploadId();
            List<Future<?>> parts = new ArrayList<>();
            for (int i = 0; i < payload.partHashes().size(); i++) {
                long offset = (long) i * partSize;
                String partHash = ClientTreeHash.hex(payload.partHashes().get(i));
                GlacierClient sender = clients.get(i % clients.size());
                parts.add(pool.submit(() -> {
                    byte[] bytes = readAt(file, offset, (int) Math.min(partSize, size - offset));
                    String range = "bytes " + offset + "-" + (offset + bytes.length - 1) + "/*";
                    sender.uploadMultipartPart(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                                    .range(range).checksum(partHash),
                            RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes),
                                    bytes.length, "application/octet-stream"));
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            String checksum = clients.get(clients.size() - 1).completeMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                    .uploadId(uploadId).archiveSize(Long.toString(size)).checksum(payload.treeHash())).checksum();
            double seconds = (System.nanoTime() - start) / 1e9;
            requireSame(payload.treeHash(), checksum);
            return seconds;
        } finally {
            pool.shutdownNow();
        }
    }

    /** {@code count} DescribeVault calls from {@code threads} threads. */
    private static void warmUpRequests(GlacierClient client, int count, int threads) throws Exception {
        if (count <= 0) {
            return;
        }
        System.out.printf("warming up: %d DescribeVault requests, untimed%n", count);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                calls.add(pool.submit(() -> {
                    for (int i = 0; i < count / threads; i++) {
                        client.describeVault(b -> b.accountId("-").vaultName(VAULT));
                    }
                    return null;
                }));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** Uploads the same 1 MiB part {@code count} times into one upload, then aborts it. */
    private static void warmUpParts(GlacierClient client, Path payload, int count, int threads) throws Exception {
        if (count <= 0) {
            return;
        }
        System.out.printf("warming up: %d UploadMultipartPart requests of 1 MiB, untimed%n", count);
        byte[] part;
        try (FileChannel file = FileChannel.open(payload, StandardOpenOption.READ)) {
            part = readAt(file, 0, 1 << 20);
        }
        String partHash = ClientTreeHash.hex(ClientTreeHash.of(part, 0, part.length));
        String uploadId = client.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                .partSize(Integer.toString(1 << 20))).uploadId();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                calls.add(pool.submit(() -> client.uploadMultipartPart(b -> b.accountId("-").vaultName(VAULT)
                                .uploadId(uploadId).range("bytes 0-" + (part.length - 1) + "/*").checksum(partHash),
                        RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(part), part.length,
                                "application/octet-stream"))));
            }
            for (Future<?> call : calls) {
                call.get();
            }
        } finally {
            pool.shutdownNow();
        }
        client.abortMultipartUpload(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId));
    }

    private static void requireSame(String expected, String returned) {
        if (!expected.equalsIgnoreCase(returned)) {
            throw new IllegalStateException("server returned tree hash " + returned + ", expected " + expected);
        }
    }

    /** CPU seconds (not wall: the machine may be busy) this thread spends reading and SHA-256-hashing the payload. */
    private static double timeSha256(Path payload, long size) throws IOException {
        MessageDigest sha = ClientTreeHash.sha256();
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        var threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        try (FileChannel file = FileChannel.open(payload, StandardOpenOption.READ)) {
            while (file.read(buffer.clear()) > 0) {
                sha.update(buffer.flip());
            }
        }
        sha.digest();
        return (threads.getCurrentThreadCpuTime() - start) / 1e9;
    }

    static List<byte[]> partTreeHashes(Path payload, long size, int partSize) throws IOException {
        List<byte[]> hashes = new ArrayList<>();
        try (FileChannel file = FileChannel.open(payload, StandardOpenOption.READ)) {
            for (long offset = 0; offset < size; offset += partSize) {
                byte[] bytes = readAt(file, offset, (int) Math.min(partSize, size - offset));
                hashes.add(ClientTreeHash.of(bytes, 0, bytes.length));
            }
        }
        return hashes;
    }

    private static byte[] readAt(FileChannel file, long offset, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, offset + buffer.position()) < 0) {
                throw new IOException("payload file ended early at " + (offset + buffer.position()));
            }
        }
        return buffer.array();
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
