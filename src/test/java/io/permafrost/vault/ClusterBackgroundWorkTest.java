package io.permafrost.vault;

import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.Action;
import io.permafrost.store.JobRecord.InventoryRetrieval;
import io.permafrost.store.JobRecord.Status;
import io.permafrost.store.NodeId;
import io.permafrost.store.cluster.PostgresCoordination;
import io.permafrost.store.cluster.PostgresDatabase;
import io.permafrost.store.cluster.PostgresMetadataStore;
import io.permafrost.testing.MutableClock;
import io.permafrost.testing.ThrowawayPostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Background work with several nodes on one PostgreSQL database (a throwaway server): each "node" has
 * its own connection pool, as separate processes would. Blobs live in one in-memory store the nodes
 * share (these tests are about claims; the object store has tests of its own).
 */
class ClusterBackgroundWorkTest {
    private static final String ACCOUNT = "111122223333";
    private static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:done";

    private final MutableClock clock = new MutableClock();
    private final InMemoryBlobStore blobs = new InMemoryBlobStore();
    private final List<PostgresMetadataStore> nodes = new ArrayList<>();
    private final List<JobRunner> runners = new ArrayList<>();
    private String schema;
    private long vaultId;

    @BeforeEach
    void open() {
        schema = ThrowawayPostgres.freshSchema();
        vaultId = node().vaults().createIfAbsent(ACCOUNT, "cluster", clock.instant(), 1000).orElseThrow().id();
    }

    @AfterEach
    void close() {
        runners.forEach(JobRunner::close);
        nodes.forEach(PostgresMetadataStore::close);
    }

    private PostgresMetadataStore node() {
        PostgresMetadataStore node = new PostgresMetadataStore(PostgresDatabase.open(ThrowawayPostgres.url(), schema));
        nodes.add(node);
        return node;
    }

    private static PostgresCoordination coordinationOf(PostgresMetadataStore node) {
        return new PostgresCoordination(node.database());
    }

    private List<String> createInventoryJobs(PostgresMetadataStore node, int count, String snsTopic) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String id = "job-" + i;
            Instant now = clock.instant();
            assertThat(node.jobs().create(new JobRecord(id, vaultId, ACCOUNT, "cluster", Action.INVENTORY_RETRIEVAL,
                    null, snsTopic, null, now, now, Status.IN_PROGRESS, null, null, null,
                    new InventoryRetrieval("JSON", null, null, null, null, null), null))).isTrue();
            ids.add(id);
        }
        return ids;
    }

    @Test
    void twoNodesClaimingAtOnceGetDisjointJobs() throws Exception {
        PostgresMetadataStore a = node();
        PostgresMetadataStore b = node();
        createInventoryJobs(a, 60, null);
        Instant now = clock.instant();
        CyclicBarrier together = new CyclicBarrier(2);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Set<String>>> claims = new ArrayList<>();
            for (PostgresMetadataStore node : List.of(a, b)) {
                String holder = node == a ? "a" : "b";
                claims.add(pool.submit(() -> {
                    Set<String> got = new HashSet<>();
                    together.await();
                    for (int round = 0; round < 10; round++) {
                        node.jobs().claim(holder, now, now.plusSeconds(30), 4).forEach(job -> got.add(job.jobId()));
                    }
                    return got;
                }));
            }
            Set<String> first = claims.get(0).get();
            Set<String> second = claims.get(1).get();
            assertThat(first).doesNotContainAnyElementsOf(second);
            assertThat(first.size() + second.size()).isEqualTo(60);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threeNodesCompleteEachJobExactlyOnce() throws Exception {
        List<String> ids = createInventoryJobs(nodes.get(0), 30, null);
        for (int i = 0; i < 3; i++) {
            PostgresMetadataStore node = node();
            JobRunner runner = new JobRunner(node, blobs,
                    new BlobCollector(blobs, coordinationOf(node).deletions(), clock, Duration.ZERO),
                    coordinationOf(node).leases(), new NodeId("node-" + i), clock, JobSettings.defaults(), "us-east-1",
                    null, InventorySettings.defaults());
            runners.add(runner);
        }
        runners.forEach(JobRunner::start);
        PostgresMetadataStore observer = nodes.get(0);
        for (int i = 0; i < 300 && ids.stream().anyMatch(id -> status(observer, id) == Status.IN_PROGRESS); i++) {
            Thread.sleep(100);
        }
        assertThat(ids).allSatisfy(id -> assertThat(status(observer, id)).isEqualTo(Status.SUCCEEDED));
        assertThat(blobs.committed()).as("each job's inventory rendered once").isEqualTo(ids.size());
        assertThat(coordinationOf(observer).outbox().pendingCount()).as("one notification per job")
                .isEqualTo(ids.size());
    }

    private Status status(PostgresMetadataStore node, String jobId) {
        return node.jobs().find(vaultId, jobId).orElseThrow().status();
    }

    @Test
    void aNotificationANodeDiedDeliveringIsDeliveredByAnotherOnceItsLeaseRunsOut() {
        PostgresMetadataStore dead = nodes.get(0);
        String jobId = createInventoryJobs(dead, 1, TOPIC).get(0);
        assertThat(dead.jobs().fail(jobId, clock.instant(), "The inventory could not be generated.")).isTrue();
        Instant now = clock.instant();
        assertThat(coordinationOf(dead).outbox().claim("dead-node", now, now.plus(NotificationDelivery.LEASE), 10))
                .hasSize(1);

        PostgresMetadataStore survivor = node();
        List<String> published = new CopyOnWriteArrayList<>();
        NotificationDelivery delivery = new NotificationDelivery(coordinationOf(survivor).outbox(), survivor.jobs(),
                new JobNotifier(survivor.vaults(), (topic, messageId, message, timestamp) -> published.add(message)),
                3, attempt -> Duration.ofMinutes(1), clock, new NodeId("survivor"), "us-east-1");
        assertThat(delivery.deliverDue()).as("leased to the dead node").isZero();

        clock.advance(NotificationDelivery.LEASE);
        assertThat(delivery.deliverDue()).isEqualTo(1);
        assertThat(published).singleElement().asString().contains(jobId).contains("\"StatusCode\":\"Failed\"");
        assertThat(coordinationOf(survivor).outbox().pendingCount()).isZero();
    }

    @Test
    void aDeferredDeleteOnAnotherNodeHappensOnlyAfterTheGrace() throws Exception {
        PostgresMetadataStore a = nodes.get(0);
        PostgresMetadataStore b = node();
        String blobId;
        try (var writer = blobs.create()) {
            writer.write(new byte[] {1, 2, 3}, 0, 3);
            blobId = writer.commit();
        }
        Duration grace = Duration.ofHours(1);
        new BlobCollector(blobs, coordinationOf(a).deletions(), clock, grace).release(List.of(blobId));
        BlobCollector onB = new BlobCollector(blobs, coordinationOf(b).deletions(), clock, grace);
        clock.advance(grace.minusSeconds(1));
        assertThat(onB.collectDue(new NodeId("b"))).isZero();
        assertThat(blobs.size(blobId)).isEqualTo(3);
        clock.advance(Duration.ofSeconds(1));
        assertThat(onB.collectDue(new NodeId("b"))).isEqualTo(1);
        assertThat(coordinationOf(b).deletions().size()).isZero();
    }
}
