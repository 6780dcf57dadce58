package io.permafrost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
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
    /** Unmeasured seconds at the start of each measured phase: the clients ramp up and the previous server's load drains. */
    private static final double SETTLE_S = 2;

    public static void main(String[] argv) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "../target/permafrost.jar");
        defaults.put("work", "target/bench-work");
        defaults.put("moto", "moto_server");
        defaults.put("clients", "16");
        defaults.put("warmup-s", "30");
        defaults.put("duration-s", "10");
        defaults.put("rounds", "4");
        defaults.put("body-bytes", "1024");
        defaults.put("generator", "raw-http");
        defaults.put("server-java-options", "");
        defaults.put("operations", "DescribeVault,UploadArchive");
        // permafrost-unaudited: a second Permafrost with the audit trail off (config audit.enabled=false), so
        // that the trail's cost is measured in the same run.
        defaults.put("servers", "permafrost,permafrost-unaudited,moto");
        Args args = new Args(argv, defaults);
        Path jar = Path.of(args.text("jar")).toAbsolutePath();
        Path work = Path.of(args.text("work")).toAbsolutePath();
        // Several counts ("16,64,256") are measured on the same servers, warmed up once, so that the
        // figures at 64 and 256 clients differ from the one at 16 by the concurrency alone.
        List<Integer> clientCounts = new ArrayList<>();
        for (String count : args.text("clients").split(",")) {
            clientCounts.add(Integer.parseInt(count.trim()));
        }
        int clients = clientCounts.get(0);
        int rounds = args.integer("rounds");
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

        // Per operation/server, one result per round, in round order.
        Map<String, List<LoadPhase.Result>> results = new LinkedHashMap<>();
        String generatorDescription;
        try (ChildProcess permafrost = ChildProcess.permafrost(jar, data, args.text("server-java-options"),
                Credentials.BENCH, work.resolve("permafrost-rate.log"));
             ChildProcess unaudited = ChildProcess.permafrost(jar, unauditedData, args.text("server-java-options"),
                     Credentials.BENCH, work.resolve("permafrost-unaudited-rate.log"),
                     List.of("--config", auditOff.toString()));
             ChildProcess moto = ChildProcess.moto(args.text("moto"), work.resolve("moto.log"));
             LoadGenerator toPermafrost = generator(args.text("generator"), permafrost.endpoint(), Collections.max(clientCounts));
             LoadGenerator toUnaudited = generator(args.text("generator"), unaudited.endpoint(), Collections.max(clientCounts));
             LoadGenerator toMoto = generator(args.text("generator"), moto.endpoint(), Collections.max(clientCounts))) {
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
                Map<String, Runnable> calls = new LinkedHashMap<>();
                for (String server : servers) {
                    LoadGenerator generator = targets.get(server);
                    calls.put(server, operation.equals("DescribeVault") ? () -> generator.describeVault(VAULT)
                            : () -> generator.uploadArchive(VAULT, body, treeHash));
                }
                // Every server (and the generator) is warmed up before anything is measured: measuring the
                // first server right after its own warm-up made whichever ran first the slow one.
                for (String server : servers) {
                    System.out.printf("  %s against %s: %.0f s warm-up (not measured), load %s%n", operation, server,
                            warmup, LoadAverage.now());
                    LoadPhase.run(calls.get(server), clients, warmup, 0, pids.get(server));
                }
                // Then interleaved rounds, A B, B A, A B, ...: each server is first as often as it is second.
                for (int concurrency : clientCounts) {
                    for (int round = 0; round < rounds; round++) {
                        List<String> order = new ArrayList<>(servers);
                        if (round % 2 == 1) {
                            Collections.reverse(order);
                        }
                        for (String server : order) {
                            String load = LoadAverage.now();
                            LoadPhase.Result r = LoadPhase.run(calls.get(server), concurrency, SETTLE_S, duration,
                                    pids.get(server));
                            System.out.printf("  %3d clients round %d %s against %-20s %8.0f req/s  server CPU/req %6.0f µs"
                                            + "  client CPU/req %6.0f µs  (load before: %s)%n", concurrency, round + 1,
                                    operation, server, r.perSecond(), r.serverCpuMicrosPerRequest(),
                                    r.clientCpuMicrosPerRequest(), load);
                            results.computeIfAbsent(key(operation, server, concurrency, clients), k -> new ArrayList<>())
                                    .add(r);
                        }
                    }
                }
            }
        } finally {
            UploadThroughput.deleteTree(data);
            UploadThroughput.deleteTree(unauditedData);
        }

        System.out.println();
        System.out.printf("request-rate: %d concurrent signed clients, every server warmed up %.0f s, then %d interleaved"
                + " rounds of %.0f s each, loopback; per server the round of median req/s%n", clients, warmup, rounds, duration);
        System.out.println("  generator: " + generatorDescription);
        System.out.printf("  %-30s %-11s %10s %9s %9s %7s %8s %13s %13s%n", "operation", "server", "req/s", "p50 ms",
                "p99 ms", "errors", "ratio", "server CPU/req", "client CPU/req");
        printPair(results, "DescribeVault", 20);
        printPair(results, "UploadArchive", 5); // issue 13 item 4: >= 5x moto at 16 clients
        printAuditCost(results, "UploadArchive");
        printAuditCost(results, "DescribeVault");
        printConcurrency(results, clientCounts, "DescribeVault");
        printConcurrency(results, clientCounts, "UploadArchive");
        System.out.println("  CPU/req = CPU seconds the process used during the measured window / requests: the figure"
                + " least distorted by other load on the machine.");
    }

    /**
     * The audit trail's cost: the same operation against Permafrost with the trail on and off, compared
     * round by round (the two phases of a round ran back to back, under the same load).
     */
    private static void printAuditCost(Map<String, List<LoadPhase.Result>> results, String operation) {
        List<LoadPhase.Result> on = results.get(operation + "/permafrost");
        List<LoadPhase.Result> off = results.get(operation + "/permafrost-unaudited");
        if (on == null || off == null) {
            return;
        }
        line(operation + " (audit off)", "permafrost", median(off), "");
        double[] ratios = new double[on.size()];
        double[] cpuOn = new double[on.size()];
        double[] cpuOff = new double[on.size()];
        for (int i = 0; i < on.size(); i++) {
            ratios[i] = on.get(i).perSecond() / off.get(i).perSecond();
            cpuOn[i] = on.get(i).serverCpuMicrosPerRequest();
            cpuOff[i] = off.get(i).serverCpuMicrosPerRequest();
        }
        System.out.printf("  %-30s audit on/off per round: %s (target for UploadArchive: on/off >= 0.90)%n", "",
                spread(ratios, "%.2f"));
        System.out.printf("  %-30s server CPU/req on: %s µs, off: %s µs%n", "", spread(cpuOn, "%.0f"),
                spread(cpuOff, "%.0f"));
    }

    /** Results at the first client count keep the plain key, so the tables above read them unchanged. */
    private static String key(String operation, String server, int concurrency, int firstCount) {
        return operation + "/" + server + (concurrency == firstCount ? "" : "@" + concurrency);
    }

    /**
     * Issue 13 item 4: at 64 and 256 clients, throughput within 10% of the figure at the first count, on
     * the same warmed server; server CPU per request beside it shows whether the server or the machine moved.
     */
    private static void printConcurrency(Map<String, List<LoadPhase.Result>> results, List<Integer> counts,
                                         String operation) {
        if (counts.size() < 2) {
            return;
        }
        boolean printed = false;
        for (String server : List.of("permafrost", "moto")) {
            LoadPhase.Result base = median(results.get(key(operation, server, counts.get(0), counts.get(0))));
            if (base == null) {
                continue;
            }
            printed = true;
            StringBuilder line = new StringBuilder(String.format("  %-30s %-11s %d clients %.0f req/s (%.0f µs CPU/req)",
                    operation + " by clients", server, counts.get(0), base.perSecond(), base.serverCpuMicrosPerRequest()));
            for (int count : counts.subList(1, counts.size())) {
                LoadPhase.Result r = median(results.get(key(operation, server, count, counts.get(0))));
                if (r != null) {
                    line.append(String.format("; %d: %.0f req/s = %.2f of it, p99 %.1f ms (%.0f µs CPU/req)", count,
                            r.perSecond(), r.perSecond() / base.perSecond(), r.p99Millis(),
                            r.serverCpuMicrosPerRequest()));
                }
            }
            System.out.println(line);
        }
        if (printed) {
            System.out.printf("  %-30s target: at every count >= 0.90 of the first (median rounds)%n", "");
        }
    }

    /** min / median / max. */
    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        double median = sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
        return String.format("min " + format + " / median " + format + " / max " + format, sorted[0], median,
                sorted[sorted.length - 1]);
    }

    /** The round of median req/s (the lower middle one for an even count), or null when none ran. */
    private static LoadPhase.Result median(List<LoadPhase.Result> rounds) {
        if (rounds == null || rounds.isEmpty()) {
            return null;
        }
        List<LoadPhase.Result> sorted = new ArrayList<>(rounds);
        sorted.sort(Comparator.comparingDouble(LoadPhase.Result::perSecond));
        return sorted.get((sorted.size() - 1) / 2);
    }

    private static void printPair(Map<String, List<LoadPhase.Result>> results, String operation, int target) {
        LoadPhase.Result permafrost = median(results.get(operation + "/permafrost"));
        LoadPhase.Result moto = median(results.get(operation + "/moto"));
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
            case "raw-http" -> new RawHttpLoadGenerator(endpoint, Credentials.BENCH);
            default -> throw new IllegalArgumentException("--generator is sdk, signed-http or raw-http, not " + kind);
        };
    }
}
