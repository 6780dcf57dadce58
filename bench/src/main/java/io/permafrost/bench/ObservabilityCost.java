package io.permafrost.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * What the admin port's meters and the access log cost: two Permafrost processes in the same run,
 * one plain and one with {@code --admin-port} and {@code --access-log}, each measured in turn with
 * the same load generator on DescribeVault and UploadArchive (1 KiB, durable). Prints on/off ratios.
 */
public final class ObservabilityCost {
    private static final String VAULT = "bench-observed";

    public static void main(String[] argv) throws Exception {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("jar", "../target/permafrost.jar");
        defaults.put("work", "target/bench-work");
        defaults.put("clients", "16");
        defaults.put("warmup-s", "20");
        defaults.put("duration-s", "10");
        defaults.put("body-bytes", "1024");
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
        Path plainData = work.resolve("observed-off-data");
        Path observedData = work.resolve("observed-on-data");
        Path accessLog = work.resolve("observed-access.log");
        UploadThroughput.deleteTree(plainData);
        UploadThroughput.deleteTree(observedData);
        Files.deleteIfExists(accessLog);

        Map<String, LoadPhase.Result> results = new LinkedHashMap<>();
        try (ChildProcess off = ChildProcess.permafrost(jar, plainData, "", Credentials.BENCH,
                work.resolve("permafrost-observed-off.log"));
             ChildProcess on = ChildProcess.permafrost(jar, observedData, "", Credentials.BENCH,
                     work.resolve("permafrost-observed-on.log"),
                     List.of("--admin-port", "0", "--access-log", accessLog.toString()));
             LoadGenerator toOff = new SignedHttpLoadGenerator(off.endpoint(), Credentials.BENCH);
             LoadGenerator toOn = new SignedHttpLoadGenerator(on.endpoint(), Credentials.BENCH)) {
            toOff.createVault(VAULT);
            toOn.createVault(VAULT);
            for (String operation : List.of("DescribeVault", "UploadArchive")) {
                for (String variant : List.of("off", "on")) {
                    LoadGenerator generator = variant.equals("off") ? toOff : toOn;
                    long pid = variant.equals("off") ? off.pid() : on.pid();
                    Runnable call = operation.equals("DescribeVault") ? () -> generator.describeVault(VAULT)
                            : () -> generator.uploadArchive(VAULT, body, treeHash);
                    System.out.printf("  %s, metrics and access log %s: %.0f s warm-up + %.0f s measured...%n",
                            operation, variant, warmup, duration);
                    results.put(operation + "/" + variant, LoadPhase.run(call, clients, warmup, duration, pid));
                }
            }
        } finally {
            UploadThroughput.deleteTree(plainData);
            UploadThroughput.deleteTree(observedData);
        }

        System.out.println();
        System.out.printf("observability-cost: %d concurrent signed clients, %.0f s measured after %.0f s warm-up%n",
                clients, duration, warmup);
        System.out.printf("  %-30s %10s %10s %8s %15s %15s%n", "operation", "off req/s", "on req/s", "on/off",
                "off CPU/req", "on CPU/req");
        for (String operation : List.of("DescribeVault", "UploadArchive")) {
            LoadPhase.Result off = results.get(operation + "/off");
            LoadPhase.Result on = results.get(operation + "/on");
            System.out.printf("  %-30s %10.0f %10.0f %8.2f %12.0f µs %12.0f µs%n", operation, off.perSecond(),
                    on.perSecond(), on.perSecond() / off.perSecond(), off.serverCpuMicrosPerRequest(),
                    on.serverCpuMicrosPerRequest());
        }
        System.out.println("  access log: " + Files.size(accessLog) + " bytes written");
    }
}
