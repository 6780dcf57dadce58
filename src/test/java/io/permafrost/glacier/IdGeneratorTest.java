package io.permafrost.glacier;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Ids a shell script can pass as their own argument: none begins with '-' (nor '_'). */
class IdGeneratorTest {

    @Test
    void noIdBeginsWithADashAndEachHasItsLengthAndAlphabet() {
        IdGenerator ids = new IdGenerator();
        for (int i = 0; i < 20_000; i++) {
            String archive = ids.archiveId();
            String job = ids.jobId();
            assertThat(archive).hasSize(IdGenerator.ARCHIVE_ID_LENGTH).matches("[A-Za-z0-9][A-Za-z0-9_-]*");
            assertThat(job).hasSize(IdGenerator.JOB_ID_LENGTH).matches("[A-Za-z0-9][A-Za-z0-9_-]*");
            assertThat(ids.lockId()).matches("[A-Za-z0-9]{" + IdGenerator.LOCK_ID_LENGTH + "}");
        }
    }
}
