package io.permafrost.bench;

import com.sun.nio.file.ExtendedOpenOption;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The work no upload server can skip, each piece measured alone in CPU-seconds (user + kernel, of
 * the one thread doing it) for the same number of bytes, on this machine in this run: the payload
 * SHA-256 (x-amz-content-sha256), the tree-hash pass, receiving the bytes from a loopback socket,
 * and writing them with direct I/O to the filesystem the server uses. Their sum is the floor the
 * server's CPU per GiB is compared with.
 */
final class UnavoidableCpu {
    private static final int MIB = 1 << 20;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /**
     * {@code send}: the sender's CPU in the receive measurement, not in the sum. Over loopback the
     * kernel does a sender's TCP work in whichever thread frees window space, so a server that reads
     * more slowly than its client sends is charged part of the client's sending: compare the server's
     * socket-receive share (--profile) with the client's CPU per GiB.
     */
    record Figures(double sha256, double treeHash, double receive, double send, double directWrite) {
        double sum() {
            return sha256 + treeHash + receive + directWrite;
        }
    }

    private UnavoidableCpu() {
    }

    /** All four for {@code size} bytes; the receive sends {@code payload}, the write goes to a file in {@code work}. */
    static Figures measure(Path payload, long size, Path work) throws Exception {
        byte[] chunk = new byte[MIB];
        new SplittableRandom(7).nextBytes(chunk);
        double[] loopback = loopbackReceive(payload, size);
        return new Figures(sha256(chunk, size), treeHash(chunk, size), loopback[0], loopback[1],
                directWrite(work.resolve("direct-write.bin"), chunk, size));
    }

    /** One linear SHA-256 over {@code size} bytes from memory (MessageDigest, this JDK). */
    static double sha256(byte[] chunk, long size) {
        MessageDigest sha = ClientTreeHash.sha256();
        long start = THREADS.getCurrentThreadCpuTime();
        for (long done = 0; done < size; done += chunk.length) {
            sha.update(chunk);
        }
        sha.digest();
        return seconds(start);
    }

    /** The tree-hash pass: a SHA-256 per MiB, then the pairwise combination up to the root. */
    static double treeHash(byte[] chunk, long size) {
        MessageDigest sha = ClientTreeHash.sha256();
        long start = THREADS.getCurrentThreadCpuTime();
        List<byte[]> leaves = new ArrayList<>();
        for (long done = 0; done < size; done += chunk.length) {
            sha.update(chunk);
            leaves.add(sha.digest());
        }
        ClientTreeHash.combine(leaves);
        return seconds(start);
    }

    /**
     * CPU of a reader that receives {@code size} bytes over loopback TCP into a 64 KiB direct buffer
     * (as Jetty does) and drops them; the sender uses sendfile from the page cache, as the bench client does.
     * Returns the reader's CPU-seconds, then the sender's.
     */
    static double[] loopbackReceive(Path payload, long size) throws Exception {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress("127.0.0.1", 0));
            AtomicLong cpuNanos = new AtomicLong(-1);
            Thread reader = new Thread(() -> {
                try (SocketChannel socket = server.accept()) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
                    long start = THREADS.getCurrentThreadCpuTime();
                    long received = 0;
                    while (received < size) {
                        int n = socket.read(buffer.clear());
                        if (n < 0) {
                            break;
                        }
                        received += n;
                    }
                    cpuNanos.set(THREADS.getCurrentThreadCpuTime() - start);
                } catch (IOException e) {
                    throw new IllegalStateException("loopback reader failed", e);
                }
            }, "loopback-reader");
            reader.start();
            double sender;
            try (SocketChannel socket = SocketChannel.open(server.getLocalAddress());
                 FileChannel file = FileChannel.open(payload, StandardOpenOption.READ)) {
                long start = THREADS.getCurrentThreadCpuTime();
                for (long sent = 0; sent < size; ) {
                    sent += file.transferTo(sent, size - sent, socket);
                }
                sender = seconds(start);
            }
            reader.join();
            return new double[] {cpuNanos.get() / 1e9, sender};
        }
    }

    /** Writes {@code size} bytes with O_DIRECT from an aligned 1 MiB buffer, then fsyncs: the server's write path. */
    static double directWrite(Path file, byte[] chunk, long size) throws IOException {
        Files.createDirectories(file.getParent());
        int alignment = (int) Math.max(4096, Files.getFileStore(file.getParent()).getBlockSize());
        ByteBuffer aligned = ByteBuffer.allocateDirect(MIB + alignment).alignedSlice(alignment);
        aligned.limit(MIB);
        aligned.put(chunk, 0, MIB);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING, ExtendedOpenOption.DIRECT)) {
            long start = THREADS.getCurrentThreadCpuTime();
            for (long at = 0; at < size; at += MIB) {
                aligned.clear().limit(MIB);
                while (aligned.hasRemaining()) {
                    out.write(aligned, at + aligned.position());
                }
            }
            out.force(true);
            return seconds(start);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static double seconds(long startNanos) {
        return (THREADS.getCurrentThreadCpuTime() - startNanos) / 1e9;
    }
}
