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
import java.util.SplittableRandom;
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
        Args args = new Args(argv, Map.of("jar", "../target/permafrost.jar", "work", "target/bench-work",
                "size-mib", "1024", "part-mib", "4", "threads", "4", "server-java-options", ""));
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        long size = (long) args.integer("size-mib") << 20;
        int partSize = args.integer("part-mib") << 20;
        int threads = args.integer("threads");
        Files.createDirectories(work);
        Path payload = work.resolve("payload.bin");
        Path data = work.resolve("upload-data");
        deleteTree(data);

        System.out.printf("preparing a %d MiB random payload in %s and its tree hashes (untimed)%n", size >> 20, work);
        writeRandom(payload, size);
        List<byte[]> partHashes = partTreeHashes(payload, size, partSize);
        String wholeTreeHash = ClientTreeHash.hex(ClientTreeHash.combine(partHashes));

        double ddSeconds = DdReference.seconds(work.resolve("dd.bin"), size >> 20);

        double singleSeconds;
        double multipartSeconds;
        String singleCpu;
        String multipartCpu;
        try (ChildProcess server = ChildProcess.permafrost(jar, data, args.text("server-java-options"),
                Credentials.BENCH, work.resolve("permafrost-upload.log"));
             GlacierClient client = SdkClients.glacier(server.endpoint(), Credentials.BENCH, threads * 2)) {
            client.createVault(b -> b.accountId("-").vaultName(VAULT));
            CpuSplit cpu = new CpuSplit(server.pid());
            singleSeconds = timeSingle(client, payload, wholeTreeHash);
            singleCpu = cpu.next();
            multipartSeconds = timeMultipart(client, payload, size, partSize, threads, partHashes, wholeTreeHash);
            multipartCpu = cpu.next();
        } finally {
            deleteTree(data);
        }
        double hashSeconds = timeSha256(payload, size);
        Files.deleteIfExists(payload);

        double mb = size / 1e6;
        double ddRate = mb / ddSeconds;
        System.out.println();
        System.out.printf("upload-throughput: %d MiB archive, AWS SDK v2 GlacierClient (Apache HTTP client) -> "
                + "permafrost.jar on 127.0.0.1, data on the filesystem of %s%n", size >> 20, work);
        System.out.printf("  %-52s %8.1f MB/s%n", "reference: dd bs=1M count=" + (size >> 20) + " conv=fsync", ddRate);
        row("UploadArchive, single request", mb / singleSeconds, ddRate, singleSeconds, singleCpu);
        row("multipart, " + (partSize >> 20) + " MiB parts, " + threads + " parallel", mb / multipartSeconds, ddRate,
                multipartSeconds, multipartCpu);
        System.out.printf("  client-side SHA-256 of the payload (the SDK's x-amz-content-sha256), measured alone: %.2f s CPU "
                + "(%.0f MB per CPU-second); the server hashes every byte twice (payload SHA-256 + tree hash)%n",
                hashSeconds, mb / hashSeconds);
        System.out.println("  target: ratio >= 0.80");
    }

    private static void row(String what, double rate, double ddRate, double seconds, String cpu) {
        System.out.printf("  %-52s %8.1f MB/s   ratio %.2f   (%.1f s wall; %s)%n", what, rate, rate / ddRate, seconds,
                cpu);
    }

    /** CPU seconds the server and this client used since the previous call. */
    private static final class CpuSplit {
        private final long serverPid;
        private double serverUser;
        private double serverSystem;
        private double client;

        CpuSplit(long serverPid) {
            this.serverPid = serverPid;
            this.serverUser = ProcessCpu.userSecondsOf(serverPid);
            this.serverSystem = ProcessCpu.systemSecondsOf(serverPid);
            this.client = ProcessCpu.ofThisProcess();
        }

        String next() {
            double userNow = ProcessCpu.userSecondsOf(serverPid);
            double systemNow = ProcessCpu.systemSecondsOf(serverPid);
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

    private static double timeSingle(GlacierClient client, Path payload, String treeHash) {
        long start = System.nanoTime();
        UploadArchiveResponse response = client.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(treeHash),
                RequestBody.fromFile(payload));
        double seconds = (System.nanoTime() - start) / 1e9;
        requireSame(treeHash, response.checksum());
        return seconds;
    }

    private static double timeMultipart(GlacierClient client, Path payload, long size, int partSize, int threads,
                                        List<byte[]> partHashes, String treeHash) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (FileChannel file = FileChannel.open(payload, StandardOpenOption.READ)) {
            long start = System.nanoTime();
            String uploadId = client.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                    .partSize(Integer.toString(partSize))).uploadId();
            List<Future<?>> parts = new ArrayList<>();
            for (int i = 0; i < partHashes.size(); i++) {
                long offset = (long) i * partSize;
                String partHash = ClientTreeHash.hex(partHashes.get(i));
                parts.add(pool.submit(() -> {
                    byte[] bytes = readAt(file, offset, (int) Math.min(partSize, size - offset));
                    String range = "bytes " + offset + "-" + (offset + bytes.length - 1) + "/*";
                    client.uploadMultipartPart(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                                    .range(range).checksum(partHash),
                            RequestBody.fromContentProvider(ContentStreamProvider.fromByteArrayUnsafe(bytes),
                                    bytes.length, "application/octet-stream"));
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
            String checksum = client.completeMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                    .uploadId(uploadId).archiveSize(Long.toString(size)).checksum(treeHash)).checksum();
            double seconds = (System.nanoTime() - start) / 1e9;
            requireSame(treeHash, checksum);
            return seconds;
        } finally {
            pool.shutdownNow();
        }
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

    private static void writeRandom(Path payload, long size) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        ByteBuffer buffer = ByteBuffer.allocate(4 << 20);
        try (FileChannel file = FileChannel.open(payload, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            for (long written = 0; written < size; ) {
                buffer.clear();
                int n = (int) Math.min(buffer.capacity(), size - written);
                for (int i = 0; i < n; i += 8) {
                    buffer.putLong(random.nextLong());
                }
                buffer.flip().limit(n);
                while (buffer.hasRemaining()) {
                    written += file.write(buffer);
                }
            }
        }
    }

    private static List<byte[]> partTreeHashes(Path payload, long size, int partSize) throws IOException {
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
