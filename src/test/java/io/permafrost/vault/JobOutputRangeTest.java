package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobOutputRangeTest {
    private static final long TOTAL = 1000;

    @Test
    void noHeaderIsTheWholeOutput() {
        assertThat(JobOutputRange.of(null, TOTAL)).isEqualTo(new JobOutputRange(0, 999, false));
    }

    @Test
    void closedRange() {
        assertThat(JobOutputRange.of("bytes=10-19", TOTAL)).isEqualTo(new JobOutputRange(10, 19, true));
        assertThat(JobOutputRange.of("bytes=10-19", TOTAL).length()).isEqualTo(10);
    }

    @Test
    void endBeyondTheOutputIsClamped() {
        assertThat(JobOutputRange.of("bytes=900-5000", TOTAL)).isEqualTo(new JobOutputRange(900, 999, true));
    }

    @Test
    void openEndAndSuffix() {
        assertThat(JobOutputRange.of("bytes=990-", TOTAL)).isEqualTo(new JobOutputRange(990, 999, true));
        assertThat(JobOutputRange.of("bytes=-10", TOTAL)).isEqualTo(new JobOutputRange(990, 999, true));
        assertThat(JobOutputRange.of("bytes=-5000", TOTAL)).isEqualTo(new JobOutputRange(0, 999, true));
    }

    @Test
    void malformedRangesAreIgnored() {
        JobOutputRange whole = new JobOutputRange(0, 999, false);
        assertThat(JobOutputRange.of("bytes 0-4194303/235812776", TOTAL)).isEqualTo(whole);
        assertThat(JobOutputRange.of("bytes=0-1,5-6", TOTAL)).isEqualTo(whole);
        assertThat(JobOutputRange.of("bytes=20-10", TOTAL)).isEqualTo(whole);
        assertThat(JobOutputRange.of("bytes=-", TOTAL)).isEqualTo(whole);
        assertThat(JobOutputRange.of("items=0-1", TOTAL)).isEqualTo(whole);
    }

    @Test
    void startBeyondTheOutputIsRejected() {
        assertThatThrownBy(() -> JobOutputRange.of("bytes=1000-1001", TOTAL))
                .isInstanceOf(GlacierException.class)
                .hasMessage("The start of the range is larger than size of retrieved data: bytes=1000-1001");
    }
}
