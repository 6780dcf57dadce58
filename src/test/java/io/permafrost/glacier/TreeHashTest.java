package io.permafrost.glacier;

import io.permafrost.testing.ReferenceTreeHash;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TreeHashTest {
    private static final int MIB = 1024 * 1024;

    @Test
    void specVectors() {
        assertThat(TreeHash.of(new byte[0]))
                .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(TreeHash.of("hello world".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9");
        assertThat(TreeHash.of(zeros(256 * 1024)))
                .isEqualTo("6faefade5a638cd3545d638dd5754763658e32209e69420cb559b7650d4bf93a");
        assertThat(TreeHash.of(zeros(MIB))).isEqualTo("bf79be0c21a100565100d16b31deee78ce5391f66c0774405d484ce38b6076e0");
    }

    /** ASCII '0' bytes, the content of the spec's worked examples. */
    private static byte[] zeros(int n) {
        byte[] data = new byte[n];
        Arrays.fill(data, (byte) '0');
        return data;
    }

    @Test
    void multipartCombinationEqualsWholeHash() {
        byte[] data = zeros(5 * MIB / 2);
        List<byte[]> parts = new ArrayList<>();
        for (int off = 0; off < data.length; off += MIB) {
            TreeHash part = new TreeHash();
            part.update(data, off, Math.min(MIB, data.length - off));
            parts.add(part.digest());
        }
        assertThat(TreeHash.toHex(TreeHash.combine(parts))).isEqualTo(TreeHash.of(data));
    }

    @Property(tries = 40)
    void streamingEqualsReferenceDefinition(@ForAll @IntRange(min = 0, max = 9 * MIB + 17) int size,
                                             @ForAll @IntRange(min = 1, max = 3 * MIB) int feed) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) (i * 31 + size);
        }
        TreeHash streamed = new TreeHash();
        for (int off = 0; off < size; off += feed) {
            streamed.update(data, off, Math.min(feed, size - off));
        }
        assertThat(streamed.hexDigest()).isEqualTo(ReferenceTreeHash.of(data));
    }

    @Test
    void hexParsing() {
        assertThat(TreeHash.parseHexOrNull("000")).isNull();
        assertThat(TreeHash.parseHexOrNull("zz")).isNull();
        assertThat(TreeHash.parseHexOrNull("")).isNull();
        assertThat(TreeHash.parseHexOrNull("00ff")).containsExactly(0, -1);
    }
}
