package io.permafrost.bench;

import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Cluster mode against embedded mode, same machine, same run: the request rate (DescribeVault, UploadArchive
 * of 1 KiB) of one embedded server, of one cluster node, and of two cluster nodes with the load split between
 * them; the upload throughput (single request and multipart) of one embedded server and one cluster node;
 * and, from a flight recording of one node, where a cluster node's time goes. Needs PostgreSQL and Ceph RGW
 * started ({@code dev/engines.sh start}) and their variables in the environment ({@code eval "$(dev/engines.sh
 * env)"}); it makes a schema and a bucket of its own and removes them at the end.
 *
 * <p>{@code --note-off-jar}: a server jar built with the {@code published_blobs} note switched off (a local
 * change for this measurement only: the note is what keeps orphan collection from deleting a blob in
 * flight); the 1 KiB upload is then measured on a node of that jar too, to show what the note costs.
 */
public final class ClusterThroughput {
    private static final String VAULT = "bench-cluster-rate";

    public static void main(String[] argv) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "../target/permafrost.jar");
        defaults.put("work", "target/bench-work");
        defaults.put("clients", "16");
        defaults.put("warmup-s", "20");
        defaults.put("duration-s", "10");
        defaults.put("body-bytes", "1024");
        defaults.put("server-java-options", "");
        // Ceph's memstore keeps every object in RAM (4 GiB in dev/engines.sh): 1024 fits on engines of one's own.
        defaults.put("size-mib", "256");
        defaults.put("part-mib", "4");
        defaults.put("threads", "4");
        defaults.put("warmup-mib", "64");
        defaults.put("warmup-parts", "50");
        defaults.put("warmup-requests", "5000");
        defaults.put("phases", "rate,upload,profile");
        defaults.put("note-off-jar", "");
        Args args = new Args(argv, defaults);
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        Files.createDirectories(work);
        int clients = args.integer("clients");
        double warmup = Double.parseDouble(args.text("warmup-s"));
        double duration = Double.parseDouble(args.text("duration-s"));
        List<String> phases = List.of(args.text("phases").split(","));
        String javaOptions = args.text("server-java-options");
        byte[] body = new byte[args.integer("body-bytes")];
        new SplittableRandom(7).nextBytes(body);
        String treeHash = ClientTreeHash.hex(ClientTreeHash.of(body, 0, body.length));

        try (ClusterEngines engines = ClusterEngines.fromEnvironment()) {
            System.out.println("cluster nodes: serve " + engines.describe());
            System.out.println("load average at start: " + LoadAverage.now());
            Map<String, LoadPhase.Result> rates = new LinkedHashMap<>();
            Path embeddedData = work.resolve("cluster-bench-embedded");
            UploadThroughput.deleteTree(embeddedData);
            try (ChildProcess embedded = ChildProcess.permafrost(jar, embeddedData, javaOptions, Credentials.BENCH,
                    work.resolve("cluster-bench-embedded.log"));
                 ChildProcess nodeA = node(jar, work, "a", javaOptions, engines);
                 ChildProcess nodeB = node(jar, work, "b", javaOptions, engines)) {
                if (phases.contains("rate")) {
                    measureRates(rates, embedded, nodeA, nodeB, clients, warmup, duration, body, treeHash);
                }
                if (phases.contains("upload")) {
                    measureUploads(args, work, embedded, nodeA, nodeB);
                }
            } finally {
                UploadThroughput.deleteTree(embeddedData);
            }
            if (!args.text("note-off-jar").isBlank()) {
                measureNoteCost(args, work, jar, engines, clients, warmup, duration, body, treeHash, rates);
            }
            if (phases.contains("rate")) {
                printRates(rates, clients, warmup, duration);
            }
            if (phases.contains("profile")) {
                profile(jar, work, javaOptions, engines, clients, warmup, duration, body, treeHash);
            }
            System.out.println("load average at end: " + LoadAverage.now());
        }
    }

    private static ChildProcess node(Path jar, Path work, String name, String javaOptions, ClusterEngines engines)
            throws IOException, InterruptedException {
        Path data = work.resolve("cluster-bench-node-" + name);
        UploadThroughput.deleteTree(data);
        return ChildProcess.permafrost(jar, data, javaOptions, Credentials.BENCH,
                work.resolve("cluster-bench-node-" + name + ".log"), engines.serveFlags(), engines.environment());
    }

    private static void measureRates(Map<String, LoadPhase.Result> results, ChildProcess embedded, ChildProcess nodeA,
                                     ChildProcess nodeB, int clients, double warmup, double duration, byte[] body,
                                     String treeHash) throws Exception {
        try (LoadGenerator toEmbedded = new SignedHttpLoadGenerator(embedded.endpoint(), Credentials.BENCH);
             LoadGenerator toA = new SignedHttpLoadGenerator(nodeA.endpoint(), Credentials.BENCH);
             LoadGenerator toB = new SignedHttpLoadGenerator(nodeB.endpoint(), Credentials.BENCH)) {
            toEmbedded.createVault(VAULT);
            toA.createVault(VAULT); // node B sees it: one cluster
            for (String operation : List.of("DescribeVault", "UploadArchive")) {
                boolean describe = operation.equals("DescribeVault");
                System.out.printf("  %s: embedded, one cluster node, two cluster nodes (%.0f s warm-up + %.0f s each; "
                        + "load average %s)%n", operation, warmup, duration, LoadAverage.now());
                results.put(operation + "/embedded", LoadPhase.run(call(describe, toEmbedded, body, treeHash),
                        clients, warmup, duration, embedded.pid()));
                results.put(operation + "/cluster, 1 node", LoadPhase.run(call(describe, toA, body, treeHash),
                        clients, warmup, duration, nodeA.pid()));
                // Alternate calls between the nodes, as a round-robin load balancer would.
                AtomicLong next = new AtomicLong();
                Runnable callA = call(describe, toA, body, treeHash);
                Runnable callB = call(describe, toB, body, treeHash);
                results.put(operation + "/cluster, 2 nodes", LoadPhase.run(
                        () -> (next.getAndIncrement() % 2 == 0 ? callA : callB).run(),
                        clients, warmup, duration, nodeA.pid(), nodeB.pid()));
            }
        }
    }

    private static Runnable call(boolean describe, LoadGenerator generator, byte[] body, String treeHash) {
        return describe ? () -> generator.describeVault(VAULT) : () -> generator.uploadArchive(VAULT, body, treeHash);
    }

    private static void printRates(Map<String, LoadPhase.Result> results, int clients, double warmup, double duration) {
        System.out.println();
        System.out.printf("cluster request-rate: %d concurrent signed clients, %.0f s measured after %.0f s warm-up, "
                + "loopback; CPU/req adds up every server process of the row (both nodes for two)%n", clients, duration, warmup);
        System.out.printf("  %-30s %-22s %9s %8s %8s %7s %13s %15s%n", "operation", "server", "req/s", "p50 ms",
                "p99 ms", "errors", "of embedded", "server CPU/req");
        for (Map.Entry<String, LoadPhase.Result> row : results.entrySet()) {
            String[] key = row.getKey().split("/", 2);
            LoadPhase.Result r = row.getValue();
            LoadPhase.Result embedded = results.get(key[0] + "/embedded");
            String label = key[0].equals("UploadArchive") ? "UploadArchive (1 KiB, durable)" : key[0];
            System.out.printf("  %-30s %-22s %9.0f %8.2f %8.2f %7d %13s %12.0f µs%n", label, key[1], r.perSecond(),
                    r.p50Millis(), r.p99Millis(), r.errors(),
                    embedded == null ? "-" : String.format("%.2f", r.perSecond() / embedded.perSecond()),
                    r.serverCpuMicrosPerRequest());
            if (r.firstError() != null) {
                System.out.println("    first error: " + r.firstError());
            }
        }
    }

    private static void measureUploads(Args args, Path work, ChildProcess embedded, ChildProcess node,
                                       ChildProcess otherNode) throws Exception {
        long size = (long) args.integer("size-mib") << 20;
        int partSize = args.integer("part-mib") << 20;
        long warmupSize = (long) args.integer("warmup-mib") << 20;
        Path payload = work.resolve("cluster-payload.bin");
        Path warmupPayload = work.resolve("cluster-warmup.bin");
        try {
            RandomPayload.write(payload, size, 42);
            RandomPayload.write(warmupPayload, warmupSize, 43);
            List<byte[]> parts = UploadThroughput.partTreeHashes(payload, size, partSize);
            List<byte[]> warmupParts = UploadThroughput.partTreeHashes(warmupPayload, warmupSize, partSize);
            UploadThroughput.Payload measured = new UploadThroughput.Payload(payload, size, partSize, parts,
                    ClientTreeHash.hex(ClientTreeHash.combine(parts)));
            UploadThroughput.Payload warm = new UploadThroughput.Payload(warmupPayload, warmupSize, partSize,
                    warmupParts, ClientTreeHash.hex(ClientTreeHash.combine(warmupParts)));
            UploadThroughput.Settings settings = new UploadThroughput.Settings(args.integer("threads"),
                    SdkClients.APACHE, List.of("single", "multipart"), args.integer("warmup-parts"),
                    args.integer("warmup-requests"));
            System.out.println("  upload: embedded (load average " + LoadAverage.now() + ")");
            UploadThroughput.Results onEmbedded = UploadThroughput.measure(embedded, settings, warm, measured);
            System.out.println("  upload: one cluster node (load average " + LoadAverage.now() + ")");
            UploadThroughput.Results onNode = UploadThroughput.measure(node, settings, warm, measured);
            System.out.println("  upload: two cluster nodes (load average " + LoadAverage.now() + ")");
            UploadThroughput.Results onTwo = measureOnTwoNodes(node, otherNode, settings, warm, measured);
            double mb = size / 1e6;
            System.out.println();
            System.out.printf("cluster upload-throughput: %d MiB archive, AWS SDK v2 GlacierClient (Apache), warmed up "
                    + "with %d MiB, %d parts and %d requests%n", size >> 20, warmupSize >> 20, settings.warmupParts(),
                    settings.warmupRequests());
            String multipart = "multipart, " + (partSize >> 20) + " MiB parts, " + settings.threads() + " parallel";
            uploadRow("UploadArchive, single request", "embedded", mb, onEmbedded.single(), null);
            uploadRow("", "cluster, 1 node", mb, onNode.single(), onEmbedded.single());
            uploadRow(multipart, "embedded", mb, onEmbedded.multipart(), null);
            uploadRow("", "cluster, 1 node", mb, onNode.multipart(), onEmbedded.multipart());
            uploadRow("", "cluster, 2 nodes", mb, onTwo.multipart(), onEmbedded.multipart());
            uploadRow("two single requests at once, one per node", "cluster, 2 nodes", 2 * mb, onTwo.single(),
                    onEmbedded.single() == null ? null : new UploadThroughput.Run(onEmbedded.single().seconds() * 2, ""));
            System.out.println("  (2 nodes: the multipart upload is initiated on one node, its parts alternate between"
                    + " the nodes, it is completed on the other; CPU adds up both nodes)");
        } finally {
            Files.deleteIfExists(payload);
            Files.deleteIfExists(warmupPayload);
        }
    }

    /**
     * The large uploads split across two nodes, as a round-robin balancer would: the multipart upload's
     * parts alternate between them; two single-request uploads run at once, one through each node.
     * Both nodes were warmed up already (one by the one-node run, the other by the rate phase or here).
     */
    private static UploadThroughput.Results measureOnTwoNodes(ChildProcess a, ChildProcess b,
            UploadThroughput.Settings settings, UploadThroughput.Payload warm, UploadThroughput.Payload measured)
            throws Exception {
        try (GlacierClient toA = SdkClients.glacier(a.endpoint(), Credentials.BENCH, settings.threads() * 2,
                settings.httpClient());
             GlacierClient toB = SdkClients.glacier(b.endpoint(), Credentials.BENCH, settings.threads() * 2,
                     settings.httpClient())) {
            UploadThroughput.timeSingle(toB, warm);
            UploadThroughput.timeMultipart(List.of(toA, toB), warm, settings.threads());
            UploadThroughput.CpuSplit cpu = new UploadThroughput.CpuSplit(a.pid(), b.pid());
            long start = System.nanoTime();
            java.util.concurrent.CompletableFuture<Double> onA = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> UploadThroughput.timeSingle(toA, measured));
            UploadThroughput.timeSingle(toB, measured);
            onA.join();
            UploadThroughput.Run single = new UploadThroughput.Run((System.nanoTime() - start) / 1e9, cpu.next());
            double multipart = UploadThroughput.timeMultipart(List.of(toA, toB), measured, settings.threads());
            return new UploadThroughput.Results(single, new UploadThroughput.Run(multipart, cpu.next()));
        }
    }

    private static void uploadRow(String what, String server, double mb, UploadThroughput.Run run,
                                  UploadThroughput.Run embedded) {
        System.out.printf("  %-42s %-16s %8.1f MB/s  %s  (%.1f s wall; %s)%n", what, server, mb / run.seconds(),
                embedded == null ? "          " : String.format("%.2f of embedded", embedded.seconds() / run.seconds()),
                run.seconds(), run.cpu());
    }

    /** The 1 KiB upload on one node of this jar and one of the note-off jar, one after the other. */
    private static void measureNoteCost(Args args, Path work, Path jar, ClusterEngines engines, int clients,
                                        double warmup, double duration, byte[] body, String treeHash,
                                        Map<String, LoadPhase.Result> results) throws Exception {
        Path noteOff = Path.of(args.text("note-off-jar")).toAbsolutePath();
        for (Map.Entry<String, Path> variant : Map.of("with the published_blobs note", jar,
                "WITHOUT the note (not shipped)", noteOff).entrySet()) {
            try (ChildProcess node = node(variant.getValue(), work, "note", args.text("server-java-options"), engines);
                 LoadGenerator generator = new SignedHttpLoadGenerator(node.endpoint(), Credentials.BENCH)) {
                generator.createVault(VAULT + "-note");
                System.out.printf("  UploadArchive on a node %s (load average %s)%n", variant.getKey(), LoadAverage.now());
                results.put("UploadArchive/1 node, " + variant.getKey(), LoadPhase.run(
                        () -> generator.uploadArchive(VAULT + "-note", body, treeHash), clients, warmup, duration,
                        node.pid()));
            }
        }
    }

    /** One node under the 1 KiB upload, recorded (CPU samples, every socket call) for the measured window only. */
    private static void profile(Path jar, Path work, String javaOptions, ClusterEngines engines, int clients,
                                double warmup, double duration, byte[] body, String treeHash) throws Exception {
        Path recording = work.resolve("cluster-node.jfr");
        Files.deleteIfExists(recording);
        Path settings = JfrBreakdown.settingsWithEverySocketCall(work);
        LoadPhase.Result result;
        try (ChildProcess node = node(jar, work, "profiled", javaOptions, engines);
             LoadGenerator generator = new SignedHttpLoadGenerator(node.endpoint(), Credentials.BENCH)) {
            generator.createVault(VAULT + "-profiled");
            Runnable upload = () -> generator.uploadArchive(VAULT + "-profiled", body, treeHash);
            LoadPhase.run(upload, clients, 0, warmup, node.pid()); // warm-up, unrecorded
            jcmd(node.pid(), "JFR.start", "name=bench", "settings=" + settings);
            result = LoadPhase.run(upload, clients, 0, duration, node.pid());
            jcmd(node.pid(), "JFR.dump", "name=bench", "filename=" + recording);
            jcmd(node.pid(), "JFR.stop", "name=bench");
        }
        System.out.println();
        System.out.printf("where a cluster node's time goes: UploadArchive (1 KiB), %d clients, %.0f s recorded "
                + "(%.0f req/s, server CPU %.0f µs/req)%n", clients, duration, result.perSecond(),
                result.serverCpuMicrosPerRequest());
        JfrBreakdown.print(recording, engines.postgresPort(), engines.objectStorePort(), result.requests() + result.errors());
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> line = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(), Long.toString(pid)));
        line.addAll(List.of(command));
        Process p = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out);
        }
    }
}
