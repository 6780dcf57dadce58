package io.permafrost.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where a server's CPU went in a {@link PerfRecording}: each sample is put in one bucket, so the
 * buckets' shares add up to the whole, kernel included. A sample in the kernel is put down to the
 * system call its thread made (a socket read, a file create, an fsync), found as the first frame of
 * the stack outside the kernel; a sample in user space to the code it was in, its stack read from
 * the top down. The JVM writes the symbols of its compiled code at exit (-XX:+DumpPerfMapAtExit), so
 * the breakdown is read once the server has stopped.
 */
final class PerfBreakdown {
    /** A frame of a sample's stack: its symbol, and whether it is kernel code. */
    private record Frame(String symbol, boolean kernel) {
    }

    /** A sample: the thread's name, and its stack from the innermost frame out. */
    private record Sample(String thread, List<Frame> stack) {
    }

    private record Bucket(String name, Predicate<Sample> matches) {
    }

    /** Checked in order: the first that matches takes the sample. */
    private static final List<Bucket> BUCKETS = List.of(
            new Bucket("JIT compiler threads", s -> s.thread().startsWith("C1 CompilerThre")
                    || s.thread().startsWith("C2 CompilerThre")),
            new Bucket("garbage collector", s -> s.thread().startsWith("GC Thread") || s.thread().startsWith("G1 ")),
            new Bucket("background pollers (jobs, notifications)", s -> s.thread().startsWith("job-poller")
                    || s.thread().startsWith("notification-de")),
            new Bucket("socket receive (kernel, with loopback TCP work)", s -> syscall(s, "read", "recv", "readv")),
            new Bucket("file writes (kernel: blobs, SQLite WAL)", s -> syscall(s, "pwrite", "pwrite64", "write")),
            new Bucket("file create and open (kernel)", s -> syscall(s, "open", "open64", "openat")),
            new Bucket("fsync (kernel)", s -> syscall(s, "fsync", "fdatasync")),
            new Bucket("rename and unlink (kernel)", s -> syscall(s, "rename", "renameat", "unlink")),
            new Bucket("thread hand-offs (futex, kernel)", s -> syscallContaining(s, "futex", "lll_lock", "pthread_cond")),
            new Bucket("other system calls (kernel)", s -> kernelLeaf(s) && firstUserFrame(s) != null
                    && !isJavaOrStub(firstUserFrame(s))),
            new Bucket("interrupts and scheduling (kernel)", PerfBreakdown::kernelLeaf),
            new Bucket("SHA-256 (the payload hash and the tree hash, mostly)", s -> userFrames(s, "sun.security.provider.",
                    "java.security.MessageDigest", "io.permafrost.glacier.TreeHash", "io.permafrost.glacier.LeafHashes")),
            new Bucket("memory copies", s -> isCopy(s.stack().get(0).symbol())));

    /**
     * The rest by the innermost frame of known code: Jetty is at the bottom of every request thread, so
     * the code nearest the top says what the thread was doing.
     */
    private static final Map<String, List<String>> CODE = codeBuckets();

    private static final String OTHER = "JVM and JDK (other)";

    private static Map<String, List<String>> codeBuckets() {
        Map<String, List<String>> code = new LinkedHashMap<>();
        code.put("SQLite (engine and driver)", List.of("org.sqlite.", "libsqlitejdbc"));
        code.put("audit trail", List.of("io.permafrost.audit."));
        code.put("SigV4 check", List.of("io.permafrost.auth."));
        code.put("Jetty (HTTP)", List.of("org.eclipse.jetty."));
        code.put("Permafrost (other)", List.of("io.permafrost."));
        return code;
    }

    private PerfBreakdown() {
    }

    /** The share of each bucket (in order, those with no sample left out), and the number of samples. */
    record Shares(Map<String, Double> shares, long samples) {
    }

    static Shares of(PerfRecording recording) throws IOException, InterruptedException {
        Process script = new ProcessBuilder("perf", "script", "-i", recording.data().toString(),
                "-F", "comm,tid,ip,sym,dso").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        Map<String, Long> counts = new LinkedHashMap<>();
        BUCKETS.forEach(b -> counts.put(b.name(), 0L));
        CODE.keySet().forEach(name -> counts.put(name, 0L));
        counts.put(OTHER, 0L);
        long total = 0;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(script.getInputStream(),
                StandardCharsets.UTF_8))) {
            String thread = null;
            List<Frame> stack = new ArrayList<>();
            for (String line = lines.readLine(); ; line = lines.readLine()) {
                if (line == null || line.isBlank()) {
                    if (thread != null && !stack.isEmpty()) {
                        counts.merge(bucketOf(new Sample(thread, stack)), 1L, Long::sum);
                        total++;
                    }
                    thread = null;
                    stack = new ArrayList<>();
                    if (line == null) {
                        break;
                    }
                } else if (!Character.isWhitespace(line.charAt(0))) {
                    thread = threadName(line);
                } else {
                    stack.add(frame(line.trim()));
                }
            }
        }
        script.waitFor();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Map.Entry<String, Long> count : counts.entrySet()) {
            if (count.getValue() > 0) {
                shares.put(count.getKey(), count.getValue() / (double) total);
            }
        }
        return new Shares(shares, total);
    }

    private static String bucketOf(Sample sample) {
        for (Bucket bucket : BUCKETS) {
            if (bucket.matches().test(sample)) {
                return bucket.name();
            }
        }
        for (Frame frame : sample.stack()) {
            for (Map.Entry<String, List<String>> code : CODE.entrySet()) {
                for (String prefix : code.getValue()) {
                    if (frame.symbol().contains(prefix)) {
                        return code.getKey();
                    }
                }
            }
        }
        return OTHER;
    }

    /** "comm tid": the thread name may hold spaces, the tid is the last word. */
    private static String threadName(String header) {
        String trimmed = header.trim();
        int lastSpace = trimmed.lastIndexOf(' ');
        return lastSpace < 0 ? trimmed : trimmed.substring(0, lastSpace).trim();
    }

    /** "ip symbol (dso)". */
    private static Frame frame(String line) {
        int space = line.indexOf(' ');
        String rest = space < 0 ? "" : line.substring(space + 1);
        int dsoStart = rest.lastIndexOf(" (");
        String symbol = dsoStart < 0 ? rest : rest.substring(0, dsoStart);
        String dso = dsoStart < 0 ? "" : rest.substring(dsoStart + 2, rest.length() - 1);
        boolean kernel = dso.startsWith("[kernel");
        // The SQLite engine is native code without symbols for most frames: name it by its library.
        if (dso.contains("libsqlitejdbc")) {
            symbol = "libsqlitejdbc " + symbol;
        }
        return new Frame(symbol, kernel);
    }

    private static boolean kernelLeaf(Sample sample) {
        return sample.stack().get(0).kernel();
    }

    private static String firstUserFrame(Sample sample) {
        for (Frame frame : sample.stack()) {
            if (!frame.kernel()) {
                return frame.symbol();
            }
        }
        return null;
    }

    /** A kernel sample whose thread is in the libc wrapper of one of {@code calls}. */
    private static boolean syscall(Sample sample, String... calls) {
        String user = kernelLeaf(sample) ? firstUserFrame(sample) : null;
        if (user == null) {
            return false;
        }
        String name = user.replaceFirst("^(__GI_)?_*(libc_)?", "").replaceFirst("@.*$", "");
        for (String call : calls) {
            if (name.equals(call)) {
                return true;
            }
        }
        return false;
    }

    private static boolean syscallContaining(Sample sample, String... parts) {
        String user = kernelLeaf(sample) ? firstUserFrame(sample) : null;
        if (user == null) {
            return false;
        }
        for (String part : parts) {
            if (user.contains(part)) {
                return true;
            }
        }
        return false;
    }

    /** Compiled or interpreted Java, or a JVM stub: a kernel sample there is an interrupt, not a call. */
    private static boolean isJavaOrStub(String symbol) {
        return symbol.contains(".") || symbol.startsWith("StubRoutines") || symbol.startsWith("Interpreter")
                || symbol.equals("[unknown]");
    }

    private static boolean userFrames(Sample sample, String... prefixes) {
        for (Frame frame : sample.stack()) {
            if (frame.kernel()) {
                continue;
            }
            for (String prefix : prefixes) {
                if (frame.symbol().contains(prefix)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The JVM's arraycopy stubs and libc's memcpy and memmove. */
    private static boolean isCopy(String leaf) {
        return leaf.startsWith("StubRoutines") || leaf.contains("memcpy") || leaf.contains("memmove")
                || leaf.contains("arraycopy") || leaf.contains("Copy::");
    }
}
