package io.permafrost.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A server under test run as its own process on a loopback port (Permafrost from its jar, or
 * moto_server), so its CPU and memory are its own and it is measured as users run it.
 */
final class ChildProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final int port;

    private ChildProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    static ChildProcess permafrost(Path jar, Path dataDir, String javaOptions, Credentials credentials, Path log)
            throws IOException, InterruptedException {
        return permafrost(jar, dataDir, javaOptions, credentials, log, List.of());
    }

    /** @param serveOptions more {@code serve} options (the admin port, the access log) */
    static ChildProcess permafrost(Path jar, Path dataDir, String javaOptions, Credentials credentials, Path log,
                                   List<String> serveOptions) throws IOException, InterruptedException {
        return permafrost(jar, dataDir, javaOptions, credentials, log, serveOptions, Map.of());
    }

    /** @param extraEnv more environment (a cluster node's object store keys) */
    static ChildProcess permafrost(Path jar, Path dataDir, String javaOptions, Credentials credentials, Path log,
                                   List<String> serveOptions, Map<String, String> extraEnv)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (javaOptions != null && !javaOptions.isBlank()) {
            command.addAll(List.of(javaOptions.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString(), "serve", "--host", "127.0.0.1",
                "--port", Integer.toString(port), "--data", dataDir.toString()));
        command.addAll(serveOptions);
        ProcessBuilder builder = new ProcessBuilder(command);
        Map<String, String> env = builder.environment();
        env.put("PERMAFROST_ACCESS_KEY_ID", credentials.accessKeyId());
        env.put("PERMAFROST_SECRET_ACCESS_KEY", credentials.secretAccessKey());
        env.put("PERMAFROST_ACCOUNT_ID", credentials.accountId());
        env.putAll(extraEnv);
        return start("permafrost", builder, port, log);
    }

    /** {@link DiscardServer} from this benchmark's own class path, in its own JVM like a real server. */
    static ChildProcess discard(Path log) throws IOException, InterruptedException {
        return benchServer("discard", DiscardServer.class, List.of(), List.of(), log);
    }

    /**
     * {@link MemoryOutputServer} holding the {@code size} bytes {@link RandomPayload} draws from {@code seed},
     * off the heap, in its own JVM.
     */
    static ChildProcess memoryOutput(long size, long seed, Path log) throws IOException, InterruptedException {
        return benchServer("memory-output", MemoryOutputServer.class,
                List.of("-Xmx256m", "-XX:MaxDirectMemorySize=" + (size + (64 << 20))),
                List.of(Long.toString(size), Long.toString(seed)), log);
    }

    /** A reference server of this module: {@code main} gets the port first, then {@code args}. */
    private static ChildProcess benchServer(String name, Class<?> main, List<String> javaOptions, List<String> args,
                                            Path log) throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new java.util.ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName(), Integer.toString(port)));
        command.addAll(args);
        return start(name, new ProcessBuilder(command), port, log);
    }

    static ChildProcess moto(String executable, Path log) throws IOException, InterruptedException {
        int port = freePort();
        ProcessBuilder builder = new ProcessBuilder(executable, "-H", "127.0.0.1", "-p", Integer.toString(port));
        return start("moto_server", builder, port, log);
    }

    private static ChildProcess start(String name, ProcessBuilder builder, int port, Path log)
            throws IOException, InterruptedException {
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        Process process = builder.start();
        ChildProcess child = new ChildProcess(name, process, port);
        child.awaitListening(Duration.ofSeconds(90), log);
        return child;
    }

    private void awaitListening(Duration limit, Path log) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException(name + " did not listen on port " + port + " within " + limit + "; see " + log);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    String name() {
        return name;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
