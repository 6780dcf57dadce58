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
        // permafrost-unaudited: a second Permafrost with the audit trail off (config audit.enabled=false), so
        // that the trail's cost is measured in the same run.
        defaults.put("servers", "permafrost,permafrost-unaudited,moto");
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
        Path unauditedData = work.resolve("rate-data-unaudited");
        UploadThroughput.deleteTree(unauditedData);
        Path auditOff = work.resolve("audit-off.json");
        Files.writeString(auditOff, "{\"audit\": {\"enabled\": false}}\n");

        Map<String, LoadPhase.Result> results = new LinkedHashMap<>();
        String generatorDescription;
        try (ChildProcess permafrost = ChildProcess.permafrost(jar, data, args.text("server-java-options"),
                Credentials.BENCH, work.resolve("permafrost-rate.log"));
             ChildProcess unaudited = ChildProcess.permafrost(jar, unauditedData, args.text("server-java-options"),
                     Credentials.BENCH, work.resolve("permafrost-unaudited-rate.log"),
                     List.of("--config", auditOff.toString()));
             ChildProcess moto = ChildProcess.moto(args.text("moto"), work.resolve("moto.log"));
             LoadGenerator toPermafrost = generator(args.text("generator"), permafrost.endpoint(), clients);
             LoadGenerator toUnaudited = generator(args.text("generator"), unaudited.endpoint(), clients);
             LoadGenerator toMoto = generator(args.text("generator"), moto.endpoint(), clients)) {
            generatorDescription = toPermafrost.description();
            System.out.printf("permafrost pid %d at %s, moto_server pid %d at %s%n", permafrost.pid(),
                    permafrost.endpoint(), moto.pid(), moto.endpoint());
            toPermafrost.createVault(VAULT);
            toUnaudited.createVault(VAULT);
            toMoto.createVault(VAULT);
            Map<String, LoadGenerator> targets = new LinkedHashMap<>();
            targets.put("permafrost", toPermafrost);
            targets.put("permafrost-unaudited", toUnaudited);
            targets.put("moto", toMoto);
            Map<String, Long> pids = Map.of("permafrost", permafrost.pid(), "permafrost-unaudited", unaudited.pid(),
                    "moto", moto.pid());
            List<String> servers = List.of(args.text("servers").split(","));
            for (String operation : args.text("operations").split(",")) {
                // In the order --servers names them, so a run can swap two phases to see what order costs.
                for (String server : servers) {
                    Map.Entry<String, LoadGenerator> target = Map.entry(server, targets.get(server));
                    LoadGenerator generator = target.getValue();
                    long pid = pids.get(target.getKey());
                    Runnable call = operation.equals("DescribeVault") ? () -> generator.describeVault(VAULT)
                            : () -> generator.uploadArchive(VAULT, body, treeHash);
                    System.out.printf("  %s against %s: %.0f s warm-up + %.0f s measured, %d clients...%n",
                            operation, target.getKey(), warmup, duration, clients);
                    results.put(operation + "/" + target.getKey(), LoadPhase.run(call, clients, warmup, duration, pid));
                }
            }
        } finally {
            UploadThroughput.deleteTree(data);
            UploadThroughput.deleteTree(unauditedData);
        }

        System.out.println();
        System.out.printf("request-rate: %d concurrent signed clients, %.0f s measured after %.0f s warm-up, loopback%n",
                clients, duration, warmup);
        System.out.println("  generator: " + generatorDescription);
        System.out.printf("  %-30s %-11s %10s %9s %9s %7s %8s %13s %13s%n", "operation", "server", "req/s", "p50 ms",
                "p99 ms", "errors", "ratio", "server CPU/req", "client CPU/req");
        printPair(results, "DescribeVault", 20);
        printPair(results, "UploadArchive", 3);
        printAuditCost(results, "UploadArchive");
        printAuditCost(results, "DescribeVault");
        System.out.println("  CPU/req = CPU seconds the process used during the measured window / requests: the figure"
                + " least distorted by other load on the machine.");
    }

    /** The audit trail's cost: the same operation against Permafrost with the trail on and off, same run. */
    private static void printAuditCost(Map<String, LoadPhase.Result> results, String operation) {
        LoadPhase.Result on = results.get(operation + "/permafrost");
        LoadPhase.Result off = results.get(operation + "/permafrost-unaudited");
        if (on == null || off == null) {
            return;
        }
        line(operation + " (audit off)", "permafrost", off, "");
        System.out.printf("  %-30s audit on/off: %.2f of the req/s, server CPU/req %+.0f us (target for UploadArchive: "
                        + "on/off >= 0.90)%n", "", on.perSecond() / off.perSecond(),
                on.serverCpuMicrosPerRequest() - off.serverCpuMicrosPerRequest());
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
