package io.permafrost.store.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.Action;
import io.permafrost.store.JobRecord.InventoryRetrieval;
import io.permafrost.store.JobRecord.Status;
import io.permafrost.store.JobStore;
import io.permafrost.store.NotificationOutbox;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job poller and the notification delivery ask every 100 ms whether anything is due. On an idle
 * server the answer is no, and asking must not take the single writer (a transaction every pass on each
 * poller, queued among the uploads' commits); when something is due, it is still claimed at once.
 */
class IdlePollCommitTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dataDir;

    private SqliteMetadataStore metadata;
    private JobStore jobs;
    private NotificationOutbox outbox;

    @BeforeEach
    void open() {
        metadata = new SqliteMetadataStore(dataDir.resolve("metadata.db"));
        jobs = metadata.jobs();
        outbox = metadata.coordination().outbox();
    }

    @AfterEach
    void close() {
        metadata.close();
    }

    @Test
    void pollsThatFindNothingDueCommitNothing() {
        long before = metadata.database().commitCount();
        assertThat(jobs.claim("a", NOW, NOW.plusSeconds(30), 10)).isEmpty();
        assertThat(jobs.expire(NOW, 10).jobs()).isZero();
        assertThat(outbox.claim("a", NOW, NOW.plusSeconds(30), 10)).isEmpty();
        assertThat(metadata.database().commitCount()).as("write transactions taken by idle polls")
                .isEqualTo(before);
    }

    @Test
    void aJobThatFallsDueIsClaimedOnceByTheNextPoll() {
        long vaultId = metadata.vaults().createIfAbsent(ACCOUNT, "v", NOW, 10).orElseThrow().id();
        Instant due = NOW.plusSeconds(60);
        assertThat(jobs.create(new JobRecord("job-1", vaultId, ACCOUNT, "v", Action.INVENTORY_RETRIEVAL, null, null,
                null, NOW, due, Status.IN_PROGRESS, null, null, null,
                new InventoryRetrieval("JSON", null, null, null, null, null), null))).isTrue();

        long before = metadata.database().commitCount();
        assertThat(jobs.claim("a", NOW, NOW.plusSeconds(30), 10)).as("not due yet").isEmpty();
        assertThat(metadata.database().commitCount()).isEqualTo(before);

        assertThat(jobs.claim("a", due, due.plusSeconds(30), 10)).extracting(JobRecord::jobId)
                .containsExactly("job-1");
        assertThat(jobs.claim("b", due, due.plusSeconds(30), 10)).as("leased to a").isEmpty();
    }
}
