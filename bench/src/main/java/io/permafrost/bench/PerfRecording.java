package io.permafrost.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Linux {@code perf record} of every thread of another process, kernel included, that samples only
 * while {@link #enable()}d: the timed windows of one mode, not the untimed preparation, deletes and
 * references between them. Call stacks (frame pointers) go with every sample, so a kernel sample can
 * be put down to the system call, and the system call to the Java code that made it.
 */
final class PerfRecording implements AutoCloseable {
    /** Samples per second per thread: about 2,000 per CPU-second of a GiB upload, plenty for shares of 1%. */
    private static final int FREQUENCY = 999;

    private final Process perf;
    private final OutputStream control;
    private final BufferedReader acknowledgements;
    private final Path data;

    private PerfRecording(Process perf, OutputStream control, BufferedReader acknowledgements, Path data) {
        this.perf = perf;
        this.control = control;
        this.acknowledgements = acknowledgements;
        this.data = data;
    }

    /** Whether {@code perf} is on the PATH (Debian: {@code apt-get install linux-perf}). */
    static boolean available() {
        try {
            return new ProcessBuilder("perf", "version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Attaches to {@code pid}, sampling nothing until {@link #enable()}; the samples go to {@code data}. */
    static PerfRecording attach(long pid, Path data) throws IOException {
        Path controlFifo = fifo(data.resolveSibling(data.getFileName() + ".ctl"));
        Path ackFifo = fifo(data.resolveSibling(data.getFileName() + ".ack"));
        Process perf = new ProcessBuilder("perf", "record", "-F", Integer.toString(FREQUENCY), "-g", "-D", "-1",
                "--control", "fifo:" + controlFifo + "," + ackFifo, "-p", Long.toString(pid), "-o", data.toString())
                .redirectErrorStream(true)
                .redirectOutput(data.resolveSibling(data.getFileName() + ".log").toFile())
                .start();
        // Opening a fifo blocks until the other side opens it: perf opens both at start.
        OutputStream control = Files.newOutputStream(controlFifo);
        BufferedReader acks = new BufferedReader(new InputStreamReader(Files.newInputStream(ackFifo),
                StandardCharsets.US_ASCII));
        return new PerfRecording(perf, control, acks, data);
    }

    void enable() throws IOException {
        command("enable");
    }

    void disable() throws IOException {
        command("disable");
    }

    Path data() {
        return data;
    }

    /** Stops the recording and waits until its file is written. */
    @Override
    public void close() throws IOException, InterruptedException {
        control.close();
        acknowledgements.close();
        perf.destroy(); // SIGTERM: perf writes its header and exits
        if (!perf.waitFor(60, TimeUnit.SECONDS)) {
            perf.destroyForcibly();
        }
        Files.deleteIfExists(data.resolveSibling(data.getFileName() + ".ctl"));
        Files.deleteIfExists(data.resolveSibling(data.getFileName() + ".ack"));
    }

    private void command(String command) throws IOException {
        control.write((command + "\n").getBytes(StandardCharsets.US_ASCII));
        control.flush();
        // perf ends each answer with "ack\n\0": the NUL comes at the start of the next line read.
        String ack = acknowledgements.readLine();
        if (ack == null || !ack.replace("\0", "").equals("ack")) {
            throw new IOException("perf did not acknowledge '" + command + "' (answered " + ack + ")");
        }
    }

    private static Path fifo(Path path) throws IOException {
        Files.deleteIfExists(path);
        try {
            Process mkfifo = new ProcessBuilder(List.of("mkfifo", path.toString())).redirectErrorStream(true).start();
            if (mkfifo.waitFor() != 0) {
                throw new IOException("mkfifo " + path + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted creating " + path, e);
        }
        return path;
    }
}
