package io.permafrost.vault;

import io.permafrost.glacier.TreeHash;
import io.permafrost.store.JobSegment;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.permafrost.vault.JobRangeAlignment.MIB;
import static io.permafrost.vault.JobRangeAlignment.fromSegments;
import static io.permafrost.vault.JobRangeAlignment.isMegabyteAligned;
import static io.permafrost.vault.JobRangeAlignment.isTreeHashAligned;
import static org.assertj.core.api.Assertions.assertThat;

class JobRangeAlignmentTest {
    private static final long SIZE = 6 * MIB + MIB / 2; // the 6.5 MiB example of spec 6.4

    @Test
    void specExampleAlignedRanges() {
        assertThat(isTreeHashAligned(0, 2 * MIB - 1, SIZE)).isTrue();
        assertThat(isTreeHashAligned(2 * MIB, 4 * MIB - 1, SIZE)).isTrue();
        assertThat(isTreeHashAligned(4 * MIB, SIZE - 1, SIZE)).isTrue();
        assertThat(isTreeHashAligned(6 * MIB, SIZE - 1, SIZE)).isTrue();
        assertThat(isTreeHashAligned(0, SIZE - 1, SIZE)).isTrue();
        for (long i = 0; i < 6; i++) {
            assertThat(isTreeHashAligned(i * MIB, (i + 1) * MIB - 1, SIZE)).as("MiB %d", i).isTrue();
        }
    }

    @Test
    void specExampleMegabyteButNotTreeHashAligned() {
        assertThat(isMegabyteAligned(MIB, 3 * MIB - 1, SIZE)).isTrue();
        assertThat(isTreeHashAligned(MIB, 3 * MIB - 1, SIZE)).isFalse();
        assertThat(isMegabyteAligned(5 * MIB, SIZE - 1, SIZE)).isTrue();
        assertThat(isTreeHashAligned(5 * MIB, SIZE - 1, SIZE)).isFalse();
        assertThat(isTreeHashAligned(0, 3 * MIB - 1, SIZE)).isFalse();
    }

    @Test
    void megabyteAlignmentRules() {
        assertThat(isMegabyteAligned(1, MIB - 1, SIZE)).isFalse();
        assertThat(isMegabyteAligned(0, MIB - 2, SIZE)).isFalse();
        assertThat(isMegabyteAligned(0, SIZE, SIZE)).as("past the end").isFalse();
        assertThat(isMegabyteAligned(2 * MIB, MIB, SIZE)).as("end before start").isFalse();
        assertThat(isMegabyteAligned(6 * MIB, SIZE - 1, SIZE)).isTrue();
    }

    @Test
    void alignmentMatchesBruteForceNodeEnumeration() {
        for (long size : new long[] {MIB, 3 * MIB + 5, 8 * MIB, 9 * MIB - 1, 13 * MIB}) {
            long chunks = (size + MIB - 1) / MIB;
            for (long a = 0; a < chunks; a++) {
                for (long b = a; b < chunks; b++) {
                    long end = Math.min((b + 1) * MIB, size) - 1;
                    assertThat(isTreeHashAligned(a * MIB, end, size)).as("size %d chunks %d-%d", size, a, b)
                            .isEqualTo(isNode(a, b + 1, chunks));
                }
            }
        }
    }

    /** Whether chunks [a, b) are exactly some node (level i, position j) of a tree over n chunks. */
    private static boolean isNode(long a, long b, long n) {
        for (long width = 1; width < 2 * n; width *= 2) {
            if (a % width == 0 && b == Math.min(a + width, n)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void hashFromTwoMibPartsEqualsHashOfTheBytes() {
        byte[] data = bytes(5 * (int) MIB + 1000);
        List<JobSegment> parts = parts(data, 2 * (int) MIB);
        assertThat(fromSegments(parts, 0, data.length - 1, data.length)).isEqualTo(TreeHash.of(data));
        assertThat(fromSegments(parts, 4 * MIB, data.length - 1, data.length))
                .isEqualTo(TreeHash.of(Arrays.copyOfRange(data, 4 * (int) MIB, data.length)));
        assertThat(fromSegments(parts, 0, 4 * MIB - 1, data.length))
                .isEqualTo(TreeHash.of(Arrays.copyOfRange(data, 0, 4 * (int) MIB)));
    }

    @Test
    void noHashFromSegmentsForARangeInsideOneSegment() {
        byte[] data = bytes(4 * (int) MIB);
        List<JobSegment> parts = parts(data, 2 * (int) MIB);
        assertThat(fromSegments(parts, 0, MIB - 1, data.length)).isNull();
    }

    @Test
    void noHashFromIrregularSegments() {
        byte[] data = bytes(3 * (int) MIB);
        List<JobSegment> segments = List.of(
                segment(data, 0, (int) MIB), segment(data, (int) MIB, 3 * (int) MIB));
        assertThat(fromSegments(segments, 0, data.length - 1, data.length)).isNull();
    }

    private static List<JobSegment> parts(byte[] data, int partSize) {
        List<JobSegment> parts = new ArrayList<>();
        for (int off = 0; off < data.length; off += partSize) {
            parts.add(segment(data, off, Math.min(data.length, off + partSize)));
        }
        return parts;
    }

    private static JobSegment segment(byte[] data, int from, int to) {
        return new JobSegment(from, "blob" + from, to - from, TreeHash.of(Arrays.copyOfRange(data, from, to)), null);
    }

    private static byte[] bytes(int n) {
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) (i % 251);
        }
        return data;
    }
}
