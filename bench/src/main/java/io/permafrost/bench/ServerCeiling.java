package io.permafrost.bench;

import software.amazon.awssdk.http.SdkHttpMethod;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The server's own upload ceiling (issue 13, item 1): what Permafrost does with a client that costs
 * nothing while timed. Every request is signed, and every hash it carries computed, before the
 * clock starts; the head is written by hand and the body goes from the page cache to the socket with
 * sendfile ({@link RawHttpConnection}). So the timed window holds the server's work, the kernel's
 * loopback copy and little else.
 *
 * <p>In the same run, each round: {@code dd conv=fsync} through the page cache and with direct I/O,
 * and the unavoidable CPU per GiB ({@link UnavoidableCpu}). Printed per upload mode: MB/s, server
 * CPU-seconds per GiB against the unavoidable sum (the ratio issue 13 targets), and throughput
 * against what the unavoidable CPU allows spread over the machine's cores.
 */
public final class ServerCeiling {
    private static final String VAULT = "bench-ceiling";
    private static final double GIB = 1 << 30;
    private static final int CREATE_PROBES = 256;

    private record Mode(String name, int partMib, double cpuTarget) {
        boolean single() {
            return partMib == 0;
        }
    }

    /** {@code createMillis}: CPU of one file create in the server's blob temp directory, measured in the round. */
    private record Round(double ddPageCache, double ddDirect, UnavoidableCpu.Figures unavoidable, double createMillis,
                         Map<String, Upload> uploads) {
    }

    /**
     * One timed upload: wall seconds, and CPU-seconds of the server (of which in the kernel, and in its
     * JIT compiler threads: near zero once warm) and of this client in that window.
     */
    private record Upload(double seconds, double serverCpu, double serverKernel, double serverJit, double clientCpu) {
    }

    public static void main(String[] argv) throws Exception {
        Args args = new Args(argv, Map.ofEntries(
                Map.entry("jar", "../target/permafrost.jar"),
                Map.entry("work", "target/bench-work"),
                Map.entry("size-mib", "1024"),
                Map.entry("warmup-mib", "256"),
                Map.entry("warmup-requests", "20000"),
                Map.entry("warmup-max-passes", "30"),
                Map.entry("warmup-parts", "15000"),
                Map.entry("in-flight", "4"),
                Map.entry("rounds", "3"),
                Map.entry("modes", "single,parts-4,parts-1"),
                Map.entry("server-java-options", ""),
                Map.entry("profile", "false")));
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        long size = (long) args.integer("size-mib") << 20;
        long warmupSize = (long) args.integer("warmup-mib") << 20;
        int inFlight = args.integer("in-flight");
        List<Mode> modes = Arrays.stream(args.text("modes").split(",")).map(ServerCeiling::mode).toList();
        Files.createDirectories(work);
        Path payload = work.resolve("ceiling-payload.bin");
        Path data = work.resolve("ceiling-data");
        UploadThroughput.deleteTree(data);

        System.out.printf("server-ceiling: preparing a %d MiB random payload and its tree hashes (untimed)%n",
                size >> 20);
        RandomPayload.write(payload, size, 44);
        PayloadHashes hashes = PayloadHashes.of(payload, size);
        int cores = Runtime.getRuntime().availableProcessors();
        System.out.printf("server-ceiling: the server's data and the references on %s%n", WorkFilesystem.describe(work));
        List<Round> rounds = new ArrayList<>();
        boolean profile = Boolean.parseBoolean(args.text("profile"));
        if (profile && !PerfRecording.available()) {
            System.out.println("  --profile true needs perf on the PATH (Debian: apt-get install linux-perf): not profiling");
            profile = false;
        }
        String javaOptions = args.text("server-java-options") + (profile ? " " + PROFILED_JVM : "");
        Map<String, PerfRecording> recordings = new LinkedHashMap<>();
        long serverPid = -1;
        try (ChildProcess server = ChildProcess.permafrost(jar, data, javaOptions,
                Credentials.BENCH, work.resolve("permafrost-ceiling.log"));
             FileChannel body = FileChannel.open(payload, StandardOpenOption.READ)) {
            serverPid = server.pid();
            Client client = new Client(server.endpoint(), body, inFlight);
            client.createVault();
            PayloadHashes warmupHashes = PayloadHashes.of(payload, warmupSize);
            if (modes.stream().anyMatch(mode -> !mode.single())) {
                warmUpPartPath(client, warmupHashes, warmupSize, args.integer("warmup-parts"));
            }
            warmUp(client, server.pid(), warmupHashes, modes, warmupSize,
                    args.integer("warmup-requests"), args.integer("warmup-max-passes"));
            if (profile) {
                for (Mode mode : modes) {
                    recordings.put(mode.name(), PerfRecording.attach(server.pid(), work.resolve("perf-" + mode.name() + ".data")));
                }
            }
            for (int r = 1; r <= args.integer("rounds"); r++) {
                System.out.printf("round %d (load average %s)%n", r, LoadAverage.now());
                double ddPage = DdReference.seconds(work.resolve("dd.bin"), size >> 20);
                double ddDirect = DdReference.directSeconds(work.resolve("dd-direct.bin"), size >> 20);
                UnavoidableCpu.Figures unavoidable = UnavoidableCpu.measure(payload, size, work);
                double createMillis = FileCreateCost.millisPerCreate(data.resolve("blobs").resolve("tmp"), CREATE_PROBES);
                Map<String, Upload> uploads = new LinkedHashMap<>();
                for (Mode mode : modes) {
                    Upload upload = timed(client, server.pid(), mode, hashes, size, recordings.get(mode.name()));
                    uploads.put(mode.name(), upload);
                    System.out.printf("  %-8s %7.1f MB/s, server %.2f CPU-s (kernel %.2f, JIT %.2f), client %.2f CPU-s%n",
                            mode.name(), size / 1e6 / upload.seconds(), upload.serverCpu(), upload.serverKernel(),
                            upload.serverJit(), upload.clientCpu());
                }
                rounds.add(new Round(ddPage, ddDirect, unavoidable, createMillis, uploads));
            }
            for (PerfRecording recording : recordings.values()) {
                recording.close();
            }
        } finally {
            UploadThroughput.deleteTree(data);
            Files.deleteIfExists(payload);
        }
        print(rounds, modes, size, cores, inFlight);
        if (!recordings.isEmpty()) {
            printBreakdown(rounds, modes, size, recordings);
            // Written by the server's JVM at exit, for perf script to name its compiled code.
            Files.deleteIfExists(Path.of("/tmp", "perf-" + serverPid + ".map"));
        }
    }

    /** What the server needs for perf to walk and name its Java frames. */
    private static final String PROFILED_JVM =
            "-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit -XX:+PreserveFramePointer";

    /**
     * Each mode's share of samples per bucket, times its median server CPU per GiB: where the CPU above
     * the unavoidable work goes, in the same unit as the targets.
     */
    private static void printBreakdown(List<Round> rounds, List<Mode> modes, long size,
                                       Map<String, PerfRecording> recordings) throws Exception {
        double gib = size / GIB;
        System.out.println();
        System.out.println("server-ceiling: where the server's CPU went in the timed windows (perf record of all its "
                + "threads, kernel included; the server ran with " + PROFILED_JVM + ", which costs it a little)");
        for (Mode mode : modes) {
            PerfBreakdown.Shares shares = PerfBreakdown.of(recordings.get(mode.name()));
            double cpuPerGib = median(rounds, r -> r.uploads().get(mode.name()).serverCpu() / gib);
            System.out.printf("  %s: %d samples, median %.2f server CPU-s/GiB%n", mode.name(), shares.samples(), cpuPerGib);
            for (Map.Entry<String, Double> share : shares.shares().entrySet()) {
                System.out.printf("    %-56s %5.1f%%  %5.2f CPU-s/GiB%n", share.getKey(), 100 * share.getValue(),
                        share.getValue() * cpuPerGib);
            }
        }
    }

    private static Mode mode(String name) {
        return switch (name) {
            case "single" -> new Mode(name, 0, 1.15);
            case "parts-4" -> new Mode(name, 4, 1.15);
            case "parts-1" -> new Mode(name, 1, 1.3);
            default -> throw new IllegalArgumentException("modes are single, parts-4, parts-1; got " + name);
        };
    }

    /**
     * A server runs for months: the measured GiB must not run with the JIT still compiling the upload
     * loop, the signature check or the part path. Code run once per request (a part's commit, its
     * file's creation) reaches the optimizing compiler only after thousands of requests, and a GiB of
     * 4 MiB parts is 256 of them: one pass of each mode leaves the compilers busy through the timed
     * rounds (a quarter of the server's samples, measured). So the passes repeat, uploading the
     * payload's first bytes, until the compiler threads took at most 5% of the server's CPU in one.
     */
    /**
     * HotSpot compiles a method with C2 once it has run about 5,000 times (Tier4InvocationThreshold),
     * or 15,000 counting its loops: the passes below stop while the part path's per-request code sits
     * between C1 and C2, quiet, and the timed GiB of 1 MiB parts then crossed the threshold and spent
     * 0.4–0.6 CPU-s/GiB compiling (measured). So the part path first runs {@code parts} times, in
     * uploads of 1 MiB parts, as it does in a server that has taken multipart uploads for a while.
     */
    private static void warmUpPartPath(Client client, PayloadHashes warmupHashes, long warmupSize, int parts)
            throws Exception {
        long perUpload = Math.max(1, warmupSize >> 20);
        long uploads = (parts + perUpload - 1) / perUpload;
        System.out.printf("warming up the part path (untimed): %d uploads of %d 1 MiB parts%n", uploads, perUpload);
        for (long i = 0; i < uploads; i++) {
            client.upload(mode("parts-1"), warmupHashes, warmupSize);
        }
    }

    private static void warmUp(Client client, long serverPid, PayloadHashes warmupHashes, List<Mode> modes,
                               long warmupSize, int requests, int maxPasses) throws Exception {
        System.out.printf("warming up (untimed): %d DescribeVault requests, then passes of %d MiB in each mode "
                + "until the JIT is quiet (at most %d)%n", requests, warmupSize >> 20, maxPasses);
        client.describeVaultRepeatedly(requests);
        for (int pass = 1; pass <= maxPasses; pass++) {
            double cpu = ProcessCpu.secondsOf(serverPid);
            double jit = ProcessCpu.compilerSecondsOf(serverPid);
            for (Mode mode : modes) {
                client.upload(mode, warmupHashes, warmupSize);
            }
            cpu = ProcessCpu.secondsOf(serverPid) - cpu;
            jit = ProcessCpu.compilerSecondsOf(serverPid) - jit;
            System.out.printf("  pass %d: server %.2f CPU-s, of which JIT %.2f%n", pass, cpu, jit);
            if (jit <= 0.05 * cpu) {
                return;
            }
        }
        System.out.println("  the JIT was still compiling after the last warm-up pass: read the JIT column");
    }

    /** {@code recording}: sampling the server during the send only, or null. */
    private static Upload timed(Client client, long serverPid, Mode mode, PayloadHashes hashes, long size,
                                PerfRecording recording) throws Exception {
        Client.Prepared prepared = client.prepare(mode, hashes, size);
        double serverUser = ProcessCpu.userSecondsOf(serverPid);
        double serverKernel = ProcessCpu.systemSecondsOf(serverPid);
        double serverJit = ProcessCpu.compilerSecondsOf(serverPid);
        double clientCpu = ProcessCpu.ofThisProcess();
        if (recording != null) {
            recording.enable();
        }
        long start = System.nanoTime();
        String archiveId = prepared.send();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (recording != null) {
            recording.disable();
        }
        double user = ProcessCpu.userSecondsOf(serverPid) - serverUser;
        double kernel = ProcessCpu.systemSecondsOf(serverPid) - serverKernel;
        double clientUsed = ProcessCpu.ofThisProcess() - clientCpu;
        double jit = ProcessCpu.compilerSecondsOf(serverPid) - serverJit;
        client.deleteArchive(archiveId);
        return new Upload(seconds, user + kernel, kernel, jit, clientUsed);
    }

    private static void print(List<Round> rounds, List<Mode> modes, long size, int cores, int inFlight) {
        double gib = size / GIB;
        double mb = size / 1e6;
        System.out.println();
        System.out.printf("server-ceiling: %d MiB, pre-signed hand-written HTTP/1.1, body by sendfile, %d parts in "
                + "flight; %d rounds, min/median/max; %d cores; load average at the end %s%n", size >> 20, inFlight,
                rounds.size(), cores, LoadAverage.now());
        System.out.printf("  %-44s %s MB/s%n", "reference: dd bs=1M conv=fsync (page cache)",
                spread(rounds, r -> mb / r.ddPageCache()));
        System.out.printf("  %-44s %s MB/s%n", "reference: dd bs=4M oflag=direct conv=fsync",
                spread(rounds, r -> mb / r.ddDirect()));
        System.out.printf("  unavoidable CPU-s per GiB: SHA-256 %s, tree hash %s, loopback receive %s, direct write %s%n",
                spread(rounds, r -> r.unavoidable().sha256() / gib), spread(rounds, r -> r.unavoidable().treeHash() / gib),
                spread(rounds, r -> r.unavoidable().receive() / gib),
                spread(rounds, r -> r.unavoidable().directWrite() / gib));
        System.out.printf("  not in the sum: the sender's side of that loopback receive %s CPU-s per GiB (part of a "
                + "client's sending runs in the server's threads when it reads more slowly than the client sends)%n",
                spread(rounds, r -> r.unavoidable().send() / gib));
        System.out.printf("  %-44s %s CPU-s, spread over %d cores: %s MB/s%n", "unavoidable sum per GiB",
                spread(rounds, r -> r.unavoidable().sum() / gib), cores,
                spread(rounds, r -> allowedMbPerSecond(r, size, cores)));
        System.out.printf("  %-10s %-20s %-20s %-16s %-18s %-14s %-20s %s%n", "mode", "MB/s", "server CPU-s/GiB",
                "of which JIT", "ratio to unavoid.", "CPU target", "MB/s / allowed", "client CPU-s/GiB");
        for (Mode mode : modes) {
            String name = mode.name();
            double medianCpuRatio = median(rounds, r -> r.uploads().get(name).serverCpu() / r.unavoidable().sum());
            double medianRate = median(rounds, r -> mb / r.uploads().get(name).seconds() / allowedMbPerSecond(r, size, cores));
            System.out.printf("  %-10s %-20s %-20s %-16s %-18s <= %.2f %-6s %-20s %s%n", name,
                    spread(rounds, r -> mb / r.uploads().get(name).seconds()),
                    spread(rounds, r -> r.uploads().get(name).serverCpu() / gib),
                    spread(rounds, r -> r.uploads().get(name).serverJit() / gib),
                    spread(rounds, r -> r.uploads().get(name).serverCpu() / r.unavoidable().sum()),
                    mode.cpuTarget(), medianCpuRatio <= mode.cpuTarget() ? "met" : "MISSED",
                    spread(rounds, r -> mb / r.uploads().get(name).seconds() / allowedMbPerSecond(r, size, cores))
                            + (medianRate >= 0.8 ? " met" : " MISSED"),
                    spread(rounds, r -> r.uploads().get(name).clientCpu() / gib));
        }
        System.out.printf("  file create in the server's blob temp directory (in the server CPU above, not in the unavoidable "
                + "sum): %s ms CPU each%n", spread(rounds, Round::createMillis));
        for (Mode mode : modes) {
            long files = mode.single() ? 1 : size / ((long) mode.partMib() << 20);
            System.out.printf("    %-8s %5d files per GiB at that cost: %s CPU-s/GiB%n", mode.name(), Math.round(files / gib),
                    spread(rounds, r -> files * r.createMillis() / 1000 / gib));
        }
        System.out.println("  targets (median): server CPU per GiB <= 1.15x unavoidable (single, 4 MiB parts), <= 1.3x "
                + "(1 MiB parts); MB/s >= 0.8 of what the unavoidable CPU allows on all cores");
    }

    private static double allowedMbPerSecond(Round round, long size, int cores) {
        return size / 1e6 / (round.unavoidable().sum() / cores);
    }

    private static String spread(List<Round> rounds, java.util.function.ToDoubleFunction<Round> figure) {
        double[] values = rounds.stream().mapToDouble(figure).sorted().toArray();
        String format = values[values.length - 1] >= 100 ? "%.0f" : "%.2f";
        return String.format(format + "/" + format + "/" + format, values[0], medianOf(values), values[values.length - 1]);
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> figure) {
        return medianOf(rounds.stream().mapToDouble(figure).sorted().toArray());
    }

    private static double medianOf(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The zero-cost client: pre-signs, then sends over connections opened beforehand. */
    private static final class Client {
        private final PresignedRequest.Signer signer;
        private final String host;
        private final int port;
        private final FileChannel body;
        private final List<RawHttpConnection> connections = new ArrayList<>();
        private final ExecutorService pool;

        Client(String endpoint, FileChannel body, int inFlight) throws IOException {
            URI uri = URI.create(endpoint);
            this.signer = new PresignedRequest.Signer(endpoint, Credentials.BENCH);
            this.host = uri.getHost();
            this.port = uri.getPort();
            this.body = body;
            for (int i = 0; i < inFlight; i++) {
                connections.add(new RawHttpConnection(host, port));
            }
            this.pool = Executors.newFixedThreadPool(inFlight, r -> {
                Thread thread = new Thread(r, "ceiling-sender");
                thread.setDaemon(true);
                return thread;
            });
        }

        /** The requests of one upload, signed, and how to send them. */
        interface Prepared {
            /** Sends everything; returns the archive id. */
            String send() throws Exception;
        }

        void createVault() throws IOException {
            expect(201, exchange(connections.get(0),
                    signer.withoutBody(SdkHttpMethod.PUT, "/-/vaults/" + VAULT, Map.of())), "CreateVault");
        }

        void describeVaultRepeatedly(int count) throws IOException {
            // The same signed bytes each time: SigV4 has no nonce, a request is valid within the skew window.
            PresignedRequest describe = signer.withoutBody(SdkHttpMethod.GET, "/-/vaults/" + VAULT, Map.of());
            for (int i = 0; i < count; i++) {
                expect(200, exchange(connections.get(0), describe), "DescribeVault");
            }
        }

        void deleteArchive(String archiveId) throws IOException {
            expect(204, exchange(connections.get(0), signer.withoutBody(SdkHttpMethod.DELETE,
                    "/-/vaults/" + VAULT + "/archives/" + archiveId, Map.of())), "DeleteArchive");
        }

        void upload(Mode mode, PayloadHashes hashes, long size) throws Exception {
            deleteArchive(prepare(mode, hashes, size).send());
        }

        Prepared prepare(Mode mode, PayloadHashes hashes, long size) throws IOException {
            // Fresh connections: the server closes keep-alive connections left idle (as during the dd
            // and CPU references), and a timed upload must not start with a reconnect or a broken pipe.
            for (int i = 0; i < connections.size(); i++) {
                connections.get(i).close();
                connections.set(i, new RawHttpConnection(host, port));
            }
            return mode.single() ? prepareSingle(hashes, size) : prepareMultipart(mode.partMib(), hashes, size);
        }

        private Prepared prepareSingle(PayloadHashes hashes, long size) {
            String treeHash = hashes.wholeTreeHash();
            PresignedRequest upload = signer.sign(SdkHttpMethod.POST, "/-/vaults/" + VAULT + "/archives",
                    Map.of("x-amz-sha256-tree-hash", treeHash), body, 0, size);
            return () -> {
                RawHttpConnection.Response response = expect(201, exchange(connections.get(0), upload), "UploadArchive");
                requireTreeHash(treeHash, response);
                return response.header("x-amz-archive-id");
            };
        }

        /** Initiates the upload (untimed: the part requests' paths need its id), then signs every part and the completion. */
        private Prepared prepareMultipart(int partMib, PayloadHashes hashes, long size) throws IOException {
            long partSize = (long) partMib << 20;
            String uploadId = expect(201, exchange(connections.get(0), signer.withoutBody(SdkHttpMethod.POST,
                    "/-/vaults/" + VAULT + "/multipart-uploads", Map.of("x-amz-part-size", Long.toString(partSize)))),
                    "InitiateMultipartUpload").header("x-amz-multipart-upload-id");
            String path = "/-/vaults/" + VAULT + "/multipart-uploads/" + uploadId;
            List<PresignedRequest> parts = new ArrayList<>();
            for (int i = 0; (long) i * partSize < size; i++) {
                long offset = i * partSize;
                long length = Math.min(partSize, size - offset);
                parts.add(signer.sign(SdkHttpMethod.PUT, path, Map.of(
                        "Content-Range", "bytes " + offset + "-" + (offset + length - 1) + "/*",
                        "x-amz-sha256-tree-hash", hashes.partTreeHash(partMib, i)), body, offset, length));
            }
            String treeHash = hashes.wholeTreeHash();
            PresignedRequest complete = signer.withoutBody(SdkHttpMethod.POST, path, Map.of(
                    "x-amz-archive-size", Long.toString(size), "x-amz-sha256-tree-hash", treeHash));
            return () -> {
                AtomicInteger next = new AtomicInteger();
                List<Future<?>> senders = new ArrayList<>();
                for (RawHttpConnection connection : connections) {
                    senders.add(pool.submit(() -> {
                        for (int i = next.getAndIncrement(); i < parts.size(); i = next.getAndIncrement()) {
                            expect(204, exchange(connection, parts.get(i)), "UploadMultipartPart " + i);
                        }
                        return null;
                    }));
                }
                for (Future<?> sender : senders) {
                    sender.get();
                }
                RawHttpConnection.Response response = expect(201, exchange(connections.get(0), complete),
                        "CompleteMultipartUpload");
                requireTreeHash(treeHash, response);
                return response.header("x-amz-archive-id");
            };
        }

        private RawHttpConnection.Response exchange(RawHttpConnection connection, PresignedRequest request)
                throws IOException {
            return connection.exchange(request.head(), body, request.bodyOffset(), request.bodyLength());
        }

        private static RawHttpConnection.Response expect(int status, RawHttpConnection.Response response, String what) {
            if (response.status() != status) {
                throw new IllegalStateException(what + " answered " + response.status() + ": " + response.body());
            }
            return response;
        }

        private static void requireTreeHash(String expected, RawHttpConnection.Response response) {
            if (!expected.equalsIgnoreCase(response.header("x-amz-sha256-tree-hash"))) {
                throw new IllegalStateException("server returned tree hash " + response.header("x-amz-sha256-tree-hash")
                        + ", expected " + expected);
            }
        }
    }
}
