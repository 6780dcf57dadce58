package io.permafrost.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code permafrost serve} as a separate JVM on a data directory, so a test can kill it with SIGKILL
 * (nothing in the server gets to run: no shutdown hook, no finally) or cap its heap. The server
 * picks a free port ({@code --port 0}) and the port is read from the line it prints once serving.
 */
public final class ServerProcess implements AutoCloseable {
    /**
     * A test run started under nohup passes SIGHUP's "ignored" on to every child, and a JVM that starts with
     * SIGHUP ignored takes no handler for it: the server would then rightly refuse to reopen its access log.
     * GNU env resets the signal before it execs the JVM (same pid), so server processes see what a service
     * manager gives them whatever shell started the tests.
     */
    private static final List<String> DEFAULT_HANGUP = defaultHangup();

    public static final String ACCOUNT = "111122223333";
    public static final String KEY = "PROCESSROOTKEY";
    public static final String SECRET = "process-root-secret";
    /** The exit status the JVM reports for a child ended by signal 9 (128 + 9). */
    public static final int KILLED_BY_SIGKILL = 137;

    private static final Pattern SERVING = Pattern.compile("Permafrost serving the Glacier API on http://([^:/]+):(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final int port;
    private final List<GlacierClient> clients = new ArrayList<>();

    private ServerProcess(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts a server on {@code dataDir} with the given maximum heap (e.g. "128m") and extra JVM
     * options, and waits until it serves.
     */
    public static ServerProcess start(Path dataDir, String maxHeap, String... jvmOptions)
            throws IOException, InterruptedException {
        return start(dataDir, List.of(), Map.of(), maxHeap, jvmOptions);
    }

    /**
     * Like {@link #start(Path, String, String...)} with more {@code serve} arguments (e.g.
     * {@code --region}) and environment variables on top of the root key's (they may replace it).
     */
    public static ServerProcess start(Path dataDir, List<String> serveArgs, Map<String, String> env, String maxHeap,
                                      String... jvmOptions) throws IOException, InterruptedException {
        Path log = Files.createTempFile("permafrost-server", ".log");
        List<String> command = new ArrayList<>(DEFAULT_HANGUP);
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap,
                // An OutOfMemoryError must end the process, so "still alive" proves it never ran out.
                "-XX:+ExitOnOutOfMemoryError"));
        command.addAll(List.of(jvmOptions));
        command.addAll(List.of("-cp", testClassPath(),
                "io.permafrost.cli.Main", "serve", "--port", "0", "--data", dataDir.toString()));
        command.addAll(serveArgs);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        withRootKey(builder.environment(), env);
        Process process = builder.start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Matcher serving = SERVING.matcher(Files.readString(log, StandardCharsets.UTF_8));
            if (serving.find()) {
                return new ServerProcess(process, log, Integer.parseInt(serving.group(2)));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("server exited with " + process.exitValue() + ":\n" + Files.readString(log));
            }
            Thread.sleep(20);
        }
        process.destroyForcibly().waitFor();
        throw new IllegalStateException("server did not start within " + START_TIMEOUT + ":\n" + Files.readString(log));
    }

    private static List<String> defaultHangup() {
        try {
            Process probe = new ProcessBuilder("env", "--default-signal=HUP", "true").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor() == 0 ? List.of("env", "--default-signal=HUP") : List.of();
        } catch (IOException e) {
            return List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** The test's root key, then {@code extra}; an empty value in {@code extra} removes that variable. */
    private static void withRootKey(Map<String, String> environment, Map<String, String> extra) {
        environment.keySet().removeIf(name -> name.startsWith("PERMAFROST_"));
        environment.put("PERMAFROST_ACCESS_KEY_ID", KEY);
        environment.put("PERMAFROST_SECRET_ACCESS_KEY", SECRET);
        environment.put("PERMAFROST_ACCOUNT_ID", ACCOUNT);
        environment.putAll(extra);
        environment.values().removeIf(String::isEmpty);
    }

    /** How a {@code permafrost} command run to its end went; {@code serving} if it started serving instead. */
    public record Exit(int code, String stdout, String stderr, boolean serving) {
    }

    /**
     * Runs {@code permafrost ARGS} in its own JVM with the root key's environment plus {@code env}
     * and waits for it to end. A {@code serve} that starts serving instead is stopped at once and
     * reported with {@code serving} true, so a start that should have been refused fails a test
     * quickly rather than hanging it.
     */
    public static Exit run(List<String> args, Map<String, String> env) throws IOException, InterruptedException {
        Path out = Files.createTempFile("permafrost-cli", ".out");
        Path err = Files.createTempFile("permafrost-cli", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", testClassPath(), "io.permafrost.cli.Main"));
            command.addAll(args);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            withRootKey(builder.environment(), env);
            Process process = builder.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            boolean serving = false;
            while (process.isAlive() && System.nanoTime() < deadline) {
                if (SERVING.matcher(Files.readString(out, StandardCharsets.UTF_8)).find()) {
                    serving = true;
                    process.destroy();
                    break;
                }
                Thread.sleep(20);
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
            return new Exit(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8), serving);
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** The test JVM's class path (surefire may hide it behind a manifest-only jar; then it names it here). */
    /** The class path of the running tests, for child JVMs that need the test classes too. */
    public static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    /** The server's peak resident set size, for the log (Linux only). */
    public String peakResidentSet() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status")).stream()
                    .filter(line -> line.startsWith("VmHWM:")).map(line -> line.substring(6).trim())
                    .findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** A root client for account 111122223333; no retries, generous timeouts for large bodies. */
    public GlacierClient client(ExecutionInterceptor... interceptors) {
        GlacierClient client = GlacierClient.builder()
                .endpointOverride(endpoint())
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(64)
                        .socketTimeout(Duration.ofMinutes(2)))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryPolicy(RetryPolicy.none())
                        .apiCallTimeout(Duration.ofMinutes(5))
                        .executionInterceptors(List.of(interceptors))
                        .build())
                .build();
        synchronized (clients) {
            clients.add(client);
        }
        return client;
    }

    /** SIGKILL (Process.destroyForcibly on Linux); returns the exit status, 137 when signal 9 ended it. */
    public int kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("server " + process.pid() + " survived SIGKILL");
        }
        return process.exitValue();
    }

    /**
     * Waits until the server logged the end of its start-up sweep, which runs in the background while it
     * serves; fails after two minutes or when the server exits first.
     */
    public void awaitStartUpSweep() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (!log().contains("start-up sweep finished")) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("the start-up sweep did not finish:\n" + log());
            }
            Thread.sleep(20);
        }
    }

    public String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        synchronized (clients) {
            clients.forEach(GlacierClient::close);
            clients.clear();
        }
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        Files.deleteIfExists(log);
    }

    /** Deletes a data directory a test created. */
    public static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
