package io.permafrost.vault;

import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.Action;
import io.permafrost.store.JobRecord.InventoryRetrieval;
import io.permafrost.store.JobRecord.Status;
import io.permafrost.store.JobStore;
import io.permafrost.store.NodeId;
import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.testing.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Jobs are claimed with a lease: one node works a job at a time, and a dead node's jobs pass on. */
class JobClaimsTest {
    private static final String ACCOUNT = "111122223333";

    @TempDir
    Path dir;
    private final MutableClock clock = new MutableClock();
    private SqliteMetadataStore metadata;
    private JobStore jobs;
    private long vaultId;
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final List<JobRunner> runners = new ArrayList<>();

    @BeforeEach
    void open() {
        metadata = new SqliteMetadataStore(dir.resolve("metadata.db"));
        jobs = metadata.jobs();
        vaultId = metadata.vaults().createIfAbsent(ACCOUNT, "claims", clock.instant(), 1000).orElseThrow().id();
    }

    @AfterEach
    void close() {
        runners.forEach(JobRunner::close);
        metadata.close();
    }

    private List<String> createInventoryJobs(int count) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "job-" + i;
            Instant now = clock.instant();
            assertThat(jobs.create(new JobRecord(id, vaultId, ACCOUNT, "claims", Action.INVENTORY_RETRIEVAL, null, null,
                    null, now, now, Status.IN_PROGRESS, null, null, null,
                    new InventoryRetrieval("JSON", null, null, null, null, null), null))).isTrue();
            ids.add(id);
        }
        return ids;
    }

    private JobRunner runner(String node) {
        JobRunner runner = new JobRunner(metadata, blobs,
                new BlobCollector(blobs, metadata.coordination().deletions(), clock, Duration.ZERO),
                metadata.coordination().leases(), new NodeId(node), clock, JobSettings.defaults(), "us-east-1",
                null, InventorySettings.defaults());
        runners.add(runner);
        return runner;
    }

    private Status status(String jobId) {
        return jobs.find(vaultId, jobId).orElseThrow().status();
    }

    private void awaitCompleted(List<String> ids) throws InterruptedException {
        for (int i = 0; i < 300 && !ids.stream().allMatch(id -> status(id) != Status.IN_PROGRESS); i++) {
            Thread.sleep(100);
        }
        assertThat(ids).allSatisfy(id -> assertThat(status(id)).isEqualTo(Status.SUCCEEDED));
    }

    private static Set<String> idsOf(List<JobRecord> claimed) {
        Set<String> ids = new HashSet<>();
        claimed.forEach(job -> ids.add(job.jobId()));
        return ids;
    }

    @Test
    void twoClaimersGetDisjointJobsUntilTheLeasesRunOut() {
        createInventoryJobs(10);
        Instant now = clock.instant();
        Instant until = now.plus(Duration.ofSeconds(30));
        Set<String> a = idsOf(jobs.claim("a", now, until, 6));
        Set<String> b = idsOf(jobs.claim("b", now, until, 10));
        assertThat(a).hasSize(6);
        assertThat(b).hasSize(4).doesNotContainAnyElementsOf(a);
        assertThat(jobs.claim("c", now, until, 10)).as("every job is leased").isEmpty();

        Instant later = now.plus(Duration.ofSeconds(30));
        assertThat(idsOf(jobs.claim("c", later, later.plus(Duration.ofSeconds(30)), 10)))
                .as("leases that ran out pass on").hasSize(10);
        assertThat(jobs.renewClaim(a.iterator().next(), "a", later.plus(Duration.ofMinutes(1))))
                .as("a lost lease cannot be renewed").isFalse();
    }

    @Test
    void aReleasedJobCanBeClaimedAgainAtOnce() {
        String id = createInventoryJobs(1).get(0);
        Instant now = clock.instant();
        assertThat(jobs.claim("a", now, now.plusSeconds(30), 1)).hasSize(1);
        jobs.releaseClaim(id, "b");
        assertThat(jobs.claim("b", now, now.plusSeconds(30), 1)).as("only the holder gives a job back").isEmpty();
        jobs.releaseClaim(id, "a");
        assertThat(idsOf(jobs.claim("b", now, now.plusSeconds(30), 1))).containsExactly(id);
    }

    @Test
    void twoRunnersOnOneStoreWorkEachJobOnceAndNotifyOnce() throws Exception {
        List<String> ids = createInventoryJobs(40);
        runner("node-a").start();
        runner("node-b").start();
        awaitCompleted(ids);
        // Each piece of inventory work commits one output blob: twice as many would mean jobs worked twice.
        assertThat(blobs.committed()).isEqualTo(ids.size());
        assertThat(metadata.coordination().outbox().pendingCount()).as("one notification per job").isEqualTo(ids.size());
    }

    @Test
    void theJobOfANodeThatDiedIsFinishedByAnotherOnceItsLeaseRunsOut() throws Exception {
        String id = createInventoryJobs(1).get(0);
        Instant now = clock.instant();
        // A node claimed it and died: nobody renews the lease.
        assertThat(jobs.claim("dead-node", now, now.plus(JobRunner.LEASE), 1)).hasSize(1);
        runner("survivor").start();
        Thread.sleep(500); // several passes of the survivor's poller
        assertThat(status(id)).as("leased to the dead node").isEqualTo(Status.IN_PROGRESS);

        clock.advance(JobRunner.LEASE);
        awaitCompleted(List.of(id));
        assertThat(blobs.committed()).isEqualTo(1);
    }

    @Test
    void aJobWhoseOutputTheStoreFailedToTakeIsTriedAgainNotFailed() throws Exception {
        String id = createInventoryJobs(1).get(0);
        blobs.refuseCommits(1);
        runner("only").start();
        for (int i = 0; i < 300 && blobs.refusedCommits() == 0; i++) {
            Thread.sleep(100);
        }
        assertThat(blobs.refusedCommits()).as("the first attempt met the failing store").isEqualTo(1);

        // The failed attempt keeps its lease, so the job is tried again once the lease runs out.
        clock.advance(JobRunner.LEASE);
        awaitCompleted(List.of(id));
        assertThat(blobs.committed()).isEqualTo(1);
    }
}
