package io.permafrost.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client's download ceiling: a server that answers GetJobOutput in Glacier's shape (200 or 206,
 * {@code Content-Range}, {@code Accept-Ranges}, {@code Content-Type}, the range's
 * {@code x-amz-sha256-tree-hash} when it is tree-hash aligned) with the payload held in memory and
 * sent straight from there: no signature check, no hashing while sending (the chunk hashes are taken
 * once at start-up), no disk. The payload is {@link RandomPayload}'s bytes for the seed given, the
 * same bytes the benchmark stored in Permafrost. Driving it with the same SDK client shows how fast
 * the client alone can receive here: no real server can be faster through that client. Any job id
 * answers; everything else is 404. Not a Glacier emulator.
 *
 * <p>{@code java -Xmx256m -XX:MaxDirectMemorySize=2g -cp permafrost-bench.jar io.permafrost.bench.MemoryOutputServer PORT SIZE SEED}
 */
public final class MemoryOutputServer {
    private static final Pattern OUTPUT = Pattern.compile("/[^/]+/vaults/[^/]+/jobs/[^/]+/output");
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final AtomicLong IDS = new AtomicLong();

    private final ByteBuffer payload;
    private final List<byte[]> leaves;

    private MemoryOutputServer(ByteBuffer payload) {
        this.payload = payload;
        this.leaves = leaves(payload);
    }

    public static void main(String[] args) throws IOException {
        MemoryOutputServer server = new MemoryOutputServer(
                RandomPayload.inMemory(Long.parseLong(args[1]), Long.parseLong(args[2])));
        LoopbackHttp.serve(Integer.parseInt(args[0]), "output", server::answer);
    }

    private void answer(LoopbackHttp.Request request, InputStream in, SocketChannel channel) throws IOException {
        in.skipNBytes(request.contentLength());
        String id = "memory-" + IDS.incrementAndGet();
        if (!request.method().equals("GET") || !OUTPUT.matcher(request.path()).matches()) {
            LoopbackHttp.send(channel, "HTTP/1.1 404 Not Found\r\nx-amzn-RequestId: " + id
                    + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}");
            return;
        }
        long size = payload.limit();
        long first = 0;
        long last = size - 1;
        boolean partial = false;
        Matcher range = request.header("range") == null ? null : RANGE.matcher(request.header("range"));
        if (range != null && range.matches()) {
            first = Long.parseLong(range.group(1));
            last = range.group(2).isEmpty() ? size - 1 : Math.min(size - 1, Long.parseLong(range.group(2)));
            partial = true;
        }
        StringBuilder head = new StringBuilder(partial ? "HTTP/1.1 206 Partial Content\r\n" : "HTTP/1.1 200 OK\r\n")
                .append("x-amzn-RequestId: ").append(id).append("\r\n")
                .append("Content-Type: application/octet-stream\r\nAccept-Ranges: bytes\r\n")
                .append("Content-Length: ").append(last - first + 1).append("\r\n");
        if (partial) {
            head.append("Content-Range: bytes ").append(first).append('-').append(last).append('/').append(size)
                    .append("\r\n");
        }
        String treeHash = treeHash(first, last, size);
        if (treeHash != null) {
            head.append("x-amz-sha256-tree-hash: ").append(treeHash).append("\r\n");
        }
        LoopbackHttp.send(channel, head.append("\r\n").toString());
        ByteBuffer body = payload.duplicate().limit((int) last + 1).position((int) first);
        while (body.hasRemaining()) {
            channel.write(body);
        }
    }

    /** The tree hash of [first, last] from the start-up chunk hashes, or null when the range is not tree-hash aligned. */
    private String treeHash(long first, long last, long size) {
        long chunk = ClientTreeHash.CHUNK;
        boolean megabyteAligned = first % chunk == 0 && ((last + 1) % chunk == 0 || last == size - 1);
        if (!megabyteAligned) {
            return null;
        }
        int from = (int) (first / chunk);
        int to = (int) (last / chunk);
        int count = to - from + 1;
        int node = Integer.highestOneBit(count) == count ? count : Integer.highestOneBit(count) << 1;
        if (from % node != 0 || (count != node && last != size - 1)) {
            return null;
        }
        return ClientTreeHash.hex(ClientTreeHash.combine(leaves.subList(from, to + 1)));
    }

    private static List<byte[]> leaves(ByteBuffer payload) {
        MessageDigest sha = ClientTreeHash.sha256();
        List<byte[]> leaves = new ArrayList<>();
        for (int at = 0; at < payload.limit(); at += ClientTreeHash.CHUNK) {
            sha.update(payload.duplicate().position(at).limit(Math.min(payload.limit(), at + ClientTreeHash.CHUNK)));
            leaves.add(sha.digest());
        }
        return leaves;
    }
}
