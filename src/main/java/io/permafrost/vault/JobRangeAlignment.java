package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.JobSegment;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The alignment rules of spec 6.4 for an inclusive byte range [start, end] of an archive of
 * {@code size} bytes, and the tree hash of an aligned range when stored segment hashes already give it.
 */
public final class JobRangeAlignment {
    public static final long MIB = TreeHash.CHUNK_SIZE;

    private JobRangeAlignment() {
    }

    /** Starts on a MiB boundary and ends just before one or at the end of the archive. */
    public static boolean isMegabyteAligned(long start, long end, long size) {
        return start >= 0 && start <= end && end < size && start % MIB == 0 && ((end + 1) % MIB == 0 || end == size - 1);
    }

    /** The bytes form one node of the archive's tree hash tree, so their own tree hash is that node's. */
    public static boolean isTreeHashAligned(long start, long end, long size) {
        if (!isMegabyteAligned(start, end, size)) {
            return false;
        }
        long firstChunk = start / MIB;
        long chunks = ceilDiv(end + 1, MIB) - firstChunk;
        long nodeChunks = Long.highestOneBit(chunks);
        if (nodeChunks < chunks) {
            nodeChunks <<= 1;
        }
        return firstChunk % nodeChunks == 0 && (end + 1 == start + nodeChunks * MIB || end == size - 1);
    }

    /**
     * The tree hash of [start, end] computed from segment hashes alone, or null when the range is not a
     * run of whole segments that are themselves nodes of the tree (equal power-of-two MiB lengths, a
     * shorter one only at the archive's end). The caller has checked that the range is tree-hash aligned.
     */
    public static String fromSegments(List<JobSegment> segments, long start, long end, long archiveSize) {
        List<JobSegment> run = new ArrayList<>();
        for (JobSegment segment : segments) {
            if (segment.end() < start || segment.archiveOffset() > end) {
                continue;
            }
            if (segment.archiveOffset() < start || segment.end() > end) {
                return null;
            }
            run.add(segment);
        }
        if (run.isEmpty() || run.get(0).archiveOffset() != start || run.get(run.size() - 1).end() != end) {
            return null;
        }
        if (run.size() == 1) {
            return run.get(0).treeHash();
        }
        long unit = run.get(0).length();
        if (unit % MIB != 0 || Long.bitCount(unit / MIB) != 1 || start % unit != 0) {
            return null;
        }
        List<byte[]> hashes = new ArrayList<>(run.size());
        for (int i = 0; i < run.size(); i++) {
            JobSegment segment = run.get(i);
            boolean last = i == run.size() - 1;
            if (last ? segment.length() > unit || (segment.length() < unit && segment.end() != archiveSize - 1)
                    : segment.length() != unit) {
                return null;
            }
            hashes.add(HexFormat.of().parseHex(segment.treeHash()));
        }
        return TreeHash.toHex(TreeHash.combine(hashes));
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
