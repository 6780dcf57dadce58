package io.permafrost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Request rate and latency of DescribeVault and of UploadArchive (small body, durable) with N
 * concurrent signed clients, against a Permafrost process and a moto_server process started in the
 * same run, with the same load generator, one server under load at a time.
 */
public final class RequestRate {
    private static final String VAULT = "bench-rate";

    public static void main(String[] argv) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "../target/permafrost.jar");
        defaults.put("work", "target/bench-work");
        defaults.put("moto", "moto_server");
        defaults.put("clients", "16");
        defaults.put("warmup-s", "30");
        defaults.put("duration-s", "10");
        defaults.put("body-bytes", "1024");
        defaults.put("generator", "signed-http");
        defaults.put("server-java-options", "");
        defaults.put("operations", "DescribeVault,UploadArchive");
        defaults.put("servers", "permafrost,moto");
        Args args = new Args(argv, defaults);
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        int clients = args.integer("clients");
        double warmup = Double.parseDouble(args.text("warmup-s"));
        double duration = Double.parseDouble(args.text("duration-s"));
        byte[] body = new byte[args.integer("body-bytes")];
        new SplittableRandom(7).nextBytes(body);
        String treeHash = ClientTreeHash.hex(ClientTreeHash.of(body, 0, body.length));
        Files.createDirectories(work);
        Path data = work.resolve("rate-data");
        UploadThroughput.deleteTree(data);

        Map<String, LoadPhase.Result> results = new LinkedHashMap<>();
        String generatorDescription;
        try (ChildProcess permafrost = ChildProcess.permafrost(jar, data, args.text("server-java-options"),
                Credentials.BENCH, work.resolve("permafrost-rate.log"));
             ChildProcess moto = ChildProcess.moto(args.text("moto"), work.resolve("moto.log"));
             LoadGenerator toPermafrost = generator(args.text("generator"), permafrost.endpoint(), clients);
             LoadGenerator toMoto = generator(args.text("generator"), moto.endpoint(), clients)) {
            generatorDescription = toPermafrost.description();
            System.out.printf("permafrost pid %d at %s, moto_server pid %d at %s%n", permafrost.pid(),
                    permafrost.endpoint(), moto.pid(), moto.endpoint());
            toPermafrost.createVault(VAULT);
            toMoto.createVault(VAULT);
            Map<String, LoadGenerator> targets = new LinkedHashMap<>();
            targets.put("permafrost", toPermafrost);
            targets.put("moto", toMoto);
            List<String> servers = List.of(args.text("servers").split(","));
            for (String operation : args.text("operations").split(",")) {
                for (Map.Entry<String, LoadGenerator> target : targets.entrySet()) {
                    if (!servers.contains(target.getKey())) {
                        continue;
                    }
                    LoadGenerator generator = target.getValue();
                    long pid = target.getKey().equals("permafrost") ? permafrost.pid() : moto.pid();
                    Runnable call = operation.equals("DescribeVault") ? () -> generator.describeVault(VAULT)
                            : () -> generator.uploadArchive(VAULT, body, treeHash);
                    System.out.printf("  %s against %s: %.0f s warm-up + %.0f s measured, %d clients...%n",
                            operation, target.getKey(), warmup, duration, clients);
                    results.put(operation + "/" + target.getKey(), LoadPhase.run(call, clients, warmup, duration, pid));
                }
            }
        } finally {
            UploadThroughput.deleteTree(data);
        }

        System.out.println();
        System.out.printf("request-rate: %d concurrent signed clients, %.0f s measured after %.0f s warm-up, loopback%n",
                clients, duration, warmup);
        System.out.println("  generator: " + generatorDescription);
        System.out.printf("  %-30s %-11s %10s %9s %9s %7s %8s %13s %13s%n", "operation", "server", "req/s", "p50 ms",
                "p99 ms", "errors", "ratio", "server CPU/req", "client CPU/req");
        printPair(results, "DescribeVault", 20);
        printPair(results, "UploadArchive", 3);
        System.out.println("  CPU/req = CPU seconds the process used during the measured window / requests: the figure"
                + " least distorted by other load on the machine.");
    }

    private static void printPair(Map<String, LoadPhase.Result> results, String operation, int target) {
        LoadPhase.Result permafrost = results.get(operation + "/permafrost");
        LoadPhase.Result moto = results.get(operation + "/moto");
        String label = operation.equals("UploadArchive") ? "UploadArchive (1 KiB, durable)" : operation;
        if (permafrost != null) {
            line(label, "permafrost", permafrost, moto == null ? "-"
                    : String.format("%.1fx", permafrost.perSecond() / moto.perSecond()));
            label = "";
        }
        if (moto != null) {
            line(label, "moto_server", moto, "");
        }
        if (permafrost != null && moto != null) {
            System.out.printf("  %-30s target: permafrost >= %dx moto%n", "", target);
        }
        for (LoadPhase.Result r : new LoadPhase.Result[] {permafrost, moto}) {
            if (r != null && r.firstError() != null) {
                System.out.println("    first error: " + r.firstError());
            }
        }
    }

    private static void line(String label, String server, LoadPhase.Result r, String ratio) {
        System.out.printf("  %-30s %-11s %10.0f %9.2f %9.2f %7d %8s %11.0f µs %11.0f µs%n", label, server,
                r.perSecond(), r.p50Millis(), r.p99Millis(), r.errors(), ratio, r.serverCpuMicrosPerRequest(),
                r.clientCpuMicrosPerRequest());
    }

    private static LoadGenerator generator(String kind, String endpoint, int clients) {
        return switch (kind) {
            case "sdk" -> new SdkLoadGenerator(endpoint, Credentials.BENCH, Math.max(16, clients * 2));
            case "signed-http" -> new SignedHttpLoadGenerator(endpoint, Credentials.BENCH);
            default -> throw new IllegalArgumentException("--generator is sdk or signed-http, not " + kind);
        };
    }
}
