package io.permafrost.bench;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a node's time went, from its flight recording: CPU samples put in the first bucket one of their
 * frames (top first) belongs to, and the time its threads waited on sockets, by peer (PostgreSQL's port, the
 * object store's port, other). Waiting is what CPU samples cannot show: a round trip costs little CPU.
 */
final class JfrBreakdown {
    /** Checked in order from the top of each stack: the first match names the sample. */
    private static final List<Map.Entry<String, List<String>>> BUCKETS = List.of(
            Map.entry("hashing (SHA-256, tree hash)", List.of("sun.security.provider.", "java.security.MessageDigest",
                    "io.permafrost.glacier.TreeHash", "io.permafrost.glacier.LeafHashes")),
            Map.entry("PostgreSQL driver + pool", List.of("org.postgresql.", "com.zaxxer.hikari.")),
            Map.entry("S3 client (AWS SDK, Apache HTTP)", List.of("software.amazon.awssdk.", "org.apache.http.")),
            Map.entry("SigV4 check of the request", List.of("io.permafrost.auth.")),
            Map.entry("Jetty (HTTP server)", List.of("org.eclipse.jetty.")),
            Map.entry("JSON (Jackson)", List.of("com.fasterxml.jackson.")),
            Map.entry("Permafrost (other)", List.of("io.permafrost.")));

    private JfrBreakdown() {
    }

    static void print(Path recording, int postgresPort, int objectStorePort, long requests) throws IOException {
        if (!Files.exists(recording)) {
            System.out.println("  (no flight recording at " + recording + ")");
            return;
        }
        Map<String, Long> samples = new LinkedHashMap<>();
        BUCKETS.forEach(b -> samples.put(b.getKey(), 0L));
        samples.put("JDK / other", 0L);
        Map<String, Duration> waits = new LinkedHashMap<>();
        long total = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ExecutionSample")) {
                samples.merge(bucketOf(event.getStackTrace()), 1L, Long::sum);
                total++;
            } else if (type.equals("jdk.SocketRead") || type.equals("jdk.SocketWrite")) {
                int port = event.getInt("port");
                String peer = port == postgresPort ? "PostgreSQL" : port == objectStorePort ? "object store" : "other";
                String what = peer + (type.equals("jdk.SocketRead") ? " read (awaiting an answer)" : " write");
                waits.merge(what, event.getDuration(), Duration::plus);
            }
        }
        System.out.printf("  CPU samples of the node (%d; a sample counts for the first bucket its stack meets, top down):%n",
                total);
        for (Map.Entry<String, Long> bucket : samples.entrySet()) {
            System.out.printf("    %-36s %5.1f %%%n", bucket.getKey(), total == 0 ? 0 : 100.0 * bucket.getValue() / total);
        }
        System.out.printf("  time the node's threads spent in socket calls, per request of the phase (%d requests):%n",
                requests);
        for (Map.Entry<String, Duration> wait : waits.entrySet()) {
            System.out.printf("    %-44s %8.0f µs%n", wait.getKey(), wait.getValue().toNanos() / 1e3 / Math.max(1, requests));
        }
    }

    private static String bucketOf(RecordedStackTrace stack) {
        if (stack == null) {
            return "JDK / other";
        }
        for (RecordedFrame frame : stack.getFrames()) {
            String name = frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
            for (Map.Entry<String, List<String>> bucket : BUCKETS) {
                for (String prefix : bucket.getValue()) {
                    if (name.startsWith(prefix)) {
                        return bucket.getKey();
                    }
                }
            }
        }
        return "JDK / other";
    }

    /**
     * A copy of the JDK's "profile" settings with the socket events recorded however short (the default
     * drops those under 10-20 ms, i.e. every loopback round trip).
     */
    static Path settingsWithEverySocketCall(Path dir) throws IOException {
        Path profile = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        String text = Files.readString(profile);
        for (String event : List.of("jdk.SocketRead", "jdk.SocketWrite")) {
            int at = text.indexOf("<event name=\"" + event + "\">");
            int threshold = text.indexOf("<setting name=\"threshold\"", at);
            int valueStart = text.indexOf('>', threshold) + 1;
            int valueEnd = text.indexOf('<', valueStart);
            text = text.substring(0, valueStart) + "0 ms" + text.substring(valueEnd);
        }
        Path settings = dir.resolve("every-socket-call.jfc");
        Files.writeString(settings, text);
        return settings;
    }
}
