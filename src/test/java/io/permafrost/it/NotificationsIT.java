package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.permafrost.notify.HttpNotificationSender;
import io.permafrost.notify.NotificationTargets;
import io.permafrost.store.embedded.SqliteMetadataStore;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.JobNotifier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetVaultNotificationsResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;

/** Set/Get/DeleteVaultNotifications through the SDK (spec 12.1-12.3) and SNS-shaped HTTP delivery (12.4). */
@EmbeddedOnly("its delivery helper reads the server's SQLite metadata beside it")
class NotificationsIT {
    private static final String VAULT = "restores";
    private static final String VAULT_TOPIC = "arn:aws:sns:us-east-1:111122223333:vault-events";
    private static final String JOB_TOPIC = "arn:aws:sns:us-east-1:111122223333:job-events";
    private static final String ARCHIVE_DONE = "ArchiveRetrievalCompleted";
    private static final String INVENTORY_DONE = "InventoryRetrievalCompleted";

    /** One received POST. */
    private record Received(String path, Map<String, String> headers, String body, long atNanos) {
    }

    private HttpServer endpoint;
    private final LinkedBlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private volatile IntSupplier status = () -> 200;
    private volatile long handlerDelayMillis;

    @BeforeEach
    void startEndpoint() throws IOException {
        endpoint = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        endpoint.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        endpoint.createContext("/", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                received.add(new Received(exchange.getRequestURI().getPath(), headers,
                        new String(in.readAllBytes(), StandardCharsets.UTF_8), System.nanoTime()));
                if (handlerDelayMillis > 0) {
                    Thread.sleep(handlerDelayMillis);
                }
                exchange.sendResponseHeaders(status.getAsInt(), -1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                exchange.close();
            }
        });
        endpoint.start();
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + endpoint.getAddress().getPort() + path);
    }

    private static void set(GlacierClient glacier, String topic, String... events) {
        glacier.setVaultNotifications(b -> b.accountId("-").vaultName(VAULT)
                .vaultNotificationConfig(c -> c.snsTopic(topic).events(events)));
    }

    @Test
    void configurationIsStoredReplacedAndDeleted() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            assertGlacierError(() -> glacier.getVaultNotifications(b -> b.accountId("-").vaultName(VAULT)),
                    "ResourceNotFoundException", 404, "No notification configuration is set for the vault: " + VAULT);

            set(glacier, VAULT_TOPIC, ARCHIVE_DONE, INVENTORY_DONE, ARCHIVE_DONE);
            GetVaultNotificationsResponse got = glacier.getVaultNotifications(b -> b.accountId("-").vaultName(VAULT));
            assertThat(got.vaultNotificationConfig().snsTopic()).isEqualTo(VAULT_TOPIC);
            assertThat(got.vaultNotificationConfig().events()).containsExactly(ARCHIVE_DONE, INVENTORY_DONE);

            set(glacier, JOB_TOPIC, INVENTORY_DONE); // one topic per vault: a new Set replaces
            got = glacier.getVaultNotifications(b -> b.accountId("111122223333").vaultName(VAULT));
            assertThat(got.vaultNotificationConfig().snsTopic()).isEqualTo(JOB_TOPIC);
            assertThat(got.vaultNotificationConfig().events()).containsExactly(INVENTORY_DONE);

            server.restart();
            GlacierClient afterRestart = server.client(); // the old client's pooled connection died with the server
            got = afterRestart.getVaultNotifications(b -> b.accountId("-").vaultName(VAULT));
            assertThat(got.vaultNotificationConfig().snsTopic()).isEqualTo(JOB_TOPIC);
            assertThat(got.vaultNotificationConfig().events()).containsExactly(INVENTORY_DONE);
        }
    }

    @Test
    void deleteIsImmediateAndIdempotent() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            set(glacier, VAULT_TOPIC, ARCHIVE_DONE);
            glacier.deleteVaultNotifications(b -> b.accountId("-").vaultName(VAULT));
            assertGlacierError(() -> glacier.getVaultNotifications(b -> b.accountId("-").vaultName(VAULT)),
                    "ResourceNotFoundException", 404, "No notification configuration is set for the vault: " + VAULT);
            glacier.deleteVaultNotifications(b -> b.accountId("-").vaultName(VAULT)); // idempotent
        }
    }

    @Test
    void badConfigurationsAreRejectedAndChangeNothing() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            set(glacier, VAULT_TOPIC, ARCHIVE_DONE);

            assertGlacierError(() -> glacier.setVaultNotifications(b -> b.accountId("-").vaultName(VAULT)
                            .vaultNotificationConfig(c -> c.events(ARCHIVE_DONE))),
                    "MissingParameterValueException", 400, "Required parameter missing: SNSTopic");
            assertGlacierError(() -> glacier.setVaultNotifications(b -> b.accountId("-").vaultName(VAULT)
                            .vaultNotificationConfig(c -> c.snsTopic(JOB_TOPIC))),
                    "MissingParameterValueException", 400, "Required parameter missing: Events");
            assertGlacierError(() -> set(glacier, JOB_TOPIC),
                    "InvalidParameterValueException", 400,
                    "Events must list at least one of ArchiveRetrievalCompleted, InventoryRetrievalCompleted");
            assertGlacierError(() -> set(glacier, JOB_TOPIC, ARCHIVE_DONE, "ArchiveRetrievalStarted"),
                    "InvalidParameterValueException", 400, "Invalid notification event: ArchiveRetrievalStarted. "
                            + "Valid values: ArchiveRetrievalCompleted|InventoryRetrievalCompleted");
            assertGlacierError(() -> set(glacier, "arn:aws:sqs:us-east-1:111122223333:queue", ARCHIVE_DONE),
                    "InvalidParameterValueException", 400,
                    "Invalid SNS topic ARN: arn:aws:sqs:us-east-1:111122223333:queue");

            GetVaultNotificationsResponse got = glacier.getVaultNotifications(b -> b.accountId("-").vaultName(VAULT));
            assertThat(got.vaultNotificationConfig().snsTopic()).isEqualTo(VAULT_TOPIC);
            assertThat(got.vaultNotificationConfig().events()).containsExactly(ARCHIVE_DONE);

            String missing = "arn:aws:glacier:us-east-1:111122223333:vaults/nope";
            assertGlacierError(() -> glacier.getVaultNotifications(b -> b.accountId("-").vaultName("nope")),
                    "ResourceNotFoundException", 404, "Vault not found for ARN: " + missing);
            assertGlacierError(() -> glacier.deleteVaultNotifications(b -> b.accountId("-").vaultName("nope")),
                    "ResourceNotFoundException", 404, "Vault not found for ARN: " + missing);
            assertGlacierError(() -> glacier.setVaultNotifications(b -> b.accountId("-").vaultName("nope")
                            .vaultNotificationConfig(c -> c.snsTopic(VAULT_TOPIC).events(ARCHIVE_DONE))),
                    "ResourceNotFoundException", 404, "Vault not found for ARN: " + missing);
        }
    }

    /** A notifier reading the server's own metadata (as the outbox delivery's does), delivering over HTTP. */
    private static final class Delivery implements AutoCloseable {
        final SqliteMetadataStore metadata;
        final JobNotifier notifier;
        final long vaultId;

        Delivery(TestServer server, NotificationTargets targets) {
            metadata = new SqliteMetadataStore(server.dataDir().resolve("metadata.db"));
            notifier = new JobNotifier(metadata.vaults(), new HttpNotificationSender(targets)::publish);
            vaultId = metadata.vaults().find(TestServer.ACCOUNT, VAULT).orElseThrow().id();
        }

        @Override
        public void close() {
            metadata.close();
        }
    }

    private static final String MESSAGE_ID = "6f1c2a7e-9d1b-4c55-8a0e-2b7d3f4e5a61";

    private static Map<String, Object> jobDescription() {
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("JobId", "HkF9p6o7yjhFx-K3CGl6fuSm6VzW9T7esGQfco8nUXVYwS0jlb5gq1JZ55yHgt5vP54ZShjoQzQVVh7vEXAMPLEjobID");
        job.put("Action", "ArchiveRetrieval");
        job.put("ArchiveId", "NkbByEejwEggmBz2fTHgJrg0XBoDfjP4q6iu87-TjhqG6eGoOY9Z8i1_AUyUsuhPAdTqLHy8pTl5nfCFJmDl2yEZONi5L26Omw12vcs01MNGntHEQL8MBfGlqrEXAMPLEArchiveId");
        job.put("ArchiveSHA256TreeHash", "beb0fe31a1c7ca8c6c04d574ea906e3f97b31fdca7571defb5b44dca89b5af60");
        job.put("ArchiveSizeInBytes", 16777216L);
        job.put("Completed", true);
        job.put("CompletionDate", "2012-05-15T17:21:39.339Z");
        job.put("CreationDate", "2012-05-15T17:21:39.339Z");
        job.put("InventoryRetrievalParameters", null);
        job.put("InventorySizeInBytes", null);
        job.put("JobDescription", "My ArchiveRetrieval Job");
        job.put("RetrievalByteRange", "0-16777215");
        job.put("SHA256TreeHash", "beb0fe31a1c7ca8c6c04d574ea906e3f97b31fdca7571defb5b44dca89b5af60");
        job.put("SNSTopic", JOB_TOPIC);
        job.put("StatusCode", "Succeeded");
        job.put("StatusMessage", "Succeeded");
        job.put("Tier", "Bulk");
        job.put("VaultARN", "arn:aws:glacier:us-east-1:111122223333:vaults/" + VAULT);
        return job;
    }

    private Received next(long seconds) throws InterruptedException {
        Received r = received.poll(seconds, TimeUnit.SECONDS);
        assertThat(r).as("a POST should have arrived").isNotNull();
        return r;
    }

    @Test
    void completionIsPostedToTheJobTopicAndTheVaultTopicAsAnSnsNotification() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            set(glacier, VAULT_TOPIC, ARCHIVE_DONE);
            server.clock().advance(Duration.ofDays(3));
            Instant completedAt = server.clock().instant();
            NotificationTargets targets = NotificationTargets.of(Map.of(
                    VAULT_TOPIC, List.of(url("/vault")), JOB_TOPIC, List.of(url("/job"))));
            try (Delivery delivery = new Delivery(server, targets)) {
                Map<String, Object> job = jobDescription();
                assertThat(delivery.notifier.notifyTopics(delivery.vaultId, (String) job.get("VaultARN"), JOB_TOPIC,
                        ARCHIVE_DONE, job, MESSAGE_ID, completedAt)).isTrue();

                Map<String, Received> byPath = new LinkedHashMap<>();
                for (int i = 0; i < 2; i++) {
                    Received r = next(10);
                    byPath.put(r.path(), r);
                }
                assertThat(byPath).containsOnlyKeys("/vault", "/job");
                ObjectMapper json = new ObjectMapper();
                for (Map.Entry<String, Received> e : byPath.entrySet()) {
                    String topic = e.getKey().equals("/vault") ? VAULT_TOPIC : JOB_TOPIC;
                    Received r = e.getValue();
                    JsonNode envelope = json.readTree(r.body());
                    assertThat(r.headers()).containsEntry("x-amz-sns-message-type", "Notification")
                            .containsEntry("x-amz-sns-topic-arn", topic)
                            .containsEntry("x-amz-sns-message-id", envelope.get("MessageId").asText())
                            .containsEntry("content-type", "text/plain; charset=UTF-8")
                            .containsEntry("user-agent", "Amazon Simple Notification Service Agent");
                    assertThat(r.headers().get("x-amz-sns-subscription-arn")).startsWith(topic + ":");
                    assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
                    assertThat(envelope.get("MessageId").asText()).isEqualTo(MESSAGE_ID);
                    assertThat(envelope.get("TopicArn").asText()).isEqualTo(topic);
                    assertThat(envelope.get("Subject").isNull()).isTrue();
                    assertThat(envelope.get("Timestamp").asText())
                            .isEqualTo(io.permafrost.glacier.GlacierDates.millis(completedAt));
                    assertThat(envelope.get("SignatureVersion").asText()).isEqualTo("1");
                    assertThat(envelope.get("MessageAttributes").isObject()).isTrue();

                    String message = envelope.get("Message").textValue();
                    JsonNode body = json.readTree(message);
                    List<String> members = new ArrayList<>();
                    body.fieldNames().forEachRemaining(members::add);
                    assertThat(members).isSorted().containsExactlyInAnyOrderElementsOf(job.keySet());
                    for (Map.Entry<String, Object> member : job.entrySet()) {
                        JsonNode value = body.get(member.getKey());
                        if (member.getValue() == null) {
                            assertThat(value.isNull()).as(member.getKey()).isTrue();
                        } else {
                            assertThat(value.asText()).as(member.getKey()).isEqualTo(member.getValue().toString());
                        }
                    }
                    assertThat(message).doesNotContain("\n").doesNotContain(": ");
                }
                assertThat(received.poll(300, TimeUnit.MILLISECONDS)).as("exactly two deliveries").isNull();
            }
        }
    }

    @Test
    void theVaultTopicGetsOnlyTheEventsItListsAndUnmappedTopicsAreDropped() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            set(glacier, VAULT_TOPIC, INVENTORY_DONE);
            NotificationTargets targets = NotificationTargets.of(Map.of(VAULT_TOPIC, List.of(url("/vault"))));
            try (Delivery delivery = new Delivery(server, targets)) {
                Map<String, Object> job = jobDescription();
                // Archive event: the vault does not list it, and the job's own topic is not mapped to anything.
                Instant now = server.clock().instant();
                assertThat(delivery.notifier.notifyTopics(delivery.vaultId, "arn", JOB_TOPIC, ARCHIVE_DONE, job,
                        MESSAGE_ID, now)).as("an unmapped topic is dropped, not retried").isTrue();
                // Inventory event without a job topic: only the vault's topic.
                delivery.notifier.notifyTopics(delivery.vaultId, "arn", null, INVENTORY_DONE, job, MESSAGE_ID, now);
                Received r = next(10);
                assertThat(r.path()).isEqualTo("/vault");
                assertThat(r.headers()).containsEntry("x-amz-sns-topic-arn", VAULT_TOPIC);
                assertThat(received.poll(500, TimeUnit.MILLISECONDS)).isNull();
            }
        }
    }

    /** A server whose vault sends ArchiveRetrievalCompleted to {@code /vault}, with the given retry schedule. */
    private TestServer serverNotifying(NotificationTargets retries) throws Exception {
        NotificationTargets targets = NotificationTargets.of(Map.of(VAULT_TOPIC, List.of(url("/vault"))))
                .withRetries(retries.maxAttempts(), retries.initialBackoff(), retries.maxBackoff());
        TestServer server = new TestServer(List.of(), c -> c.withNotificationTargets(targets));
        GlacierClient glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        set(glacier, VAULT_TOPIC, ARCHIVE_DONE);
        return server;
    }

    private static String retrieveAnArchive(TestServer server) {
        GlacierClient glacier = server.client();
        byte[] data = "notify me".getBytes(StandardCharsets.UTF_8);
        String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                        .checksum(io.permafrost.glacier.TreeHash.of(data)),
                software.amazon.awssdk.core.sync.RequestBody.fromBytes(data)).archiveId();
        return glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId();
    }

    private static NotificationTargets retries(int attempts, Duration initial, Duration max) {
        return NotificationTargets.none().withRetries(attempts, initial, max);
    }

    private static String messageId(Received r) throws IOException {
        return new ObjectMapper().readTree(r.body()).get("MessageId").asText();
    }

    @Test
    void aFailingEndpointIsRetriedAfterTheBackoffWithTheSameMessage() throws Exception {
        int[] answers = {500, 503, 200};
        java.util.concurrent.atomic.AtomicInteger call = new java.util.concurrent.atomic.AtomicInteger();
        status = () -> answers[Math.min(call.getAndIncrement(), answers.length - 1)];
        try (TestServer server = serverNotifying(retries(5, Duration.ofMinutes(2), Duration.ofHours(1)))) {
            String jobId = retrieveAnArchive(server);
            Received first = next(10);
            // The job is final before its notification is through: delivery never holds it up.
            assertThat(server.client().describeJob(b -> b.accountId("-").vaultName(VAULT).jobId(jobId)).completed())
                    .isTrue();
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("no retry before the backoff").isNull();
            server.clock().advance(Duration.ofMinutes(2));
            Received second = next(10);
            assertThat(messageId(second)).isEqualTo(messageId(first));
            server.clock().advance(Duration.ofMinutes(2));
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("the backoff doubled: 4 minutes").isNull();
            server.clock().advance(Duration.ofMinutes(2));
            Received third = next(10);
            assertThat(third.body()).isEqualTo(first.body());
            server.clock().advance(Duration.ofHours(2));
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("delivered: no more attempts").isNull();
        }
    }

    @Test
    void deliveryGivesUpAfterTheConfiguredAttemptsAndKeepsTheNotificationAsDead() throws Exception {
        status = () -> 500;
        try (TestServer server = serverNotifying(retries(3, Duration.ofMinutes(1), Duration.ofMinutes(1)))) {
            retrieveAnArchive(server);
            next(10);
            server.clock().advance(Duration.ofMinutes(1));
            next(10);
            server.clock().advance(Duration.ofMinutes(1));
            next(10);
            server.clock().advance(Duration.ofHours(1));
            assertThat(received.poll(1, TimeUnit.SECONDS)).as("no fourth attempt").isNull();
            try (SqliteMetadataStore metadata = new SqliteMetadataStore(server.dataDir().resolve("metadata.db"))) {
                assertThat(metadata.coordination().outbox().deadCount()).isEqualTo(1);
                assertThat(metadata.coordination().outbox().pendingCount()).isZero();
            }
        }
    }

    @Test
    void anUndeliveredNotificationSurvivesARestartAndIsDeliveredAfterIt() throws Exception {
        status = () -> 500;
        try (TestServer server = serverNotifying(retries(8, Duration.ofMinutes(10), Duration.ofMinutes(10)))) {
            String jobId = retrieveAnArchive(server);
            Received refused = next(10);
            server.restart();
            status = () -> 200;
            server.clock().advance(Duration.ofMinutes(10));
            Received delivered = next(10);
            assertThat(messageId(delivered)).isEqualTo(messageId(refused));
            JsonNode message = new ObjectMapper().readTree(
                    new ObjectMapper().readTree(delivered.body()).get("Message").textValue());
            assertThat(message.get("JobId").asText()).isEqualTo(jobId);
        }
    }

    @Test
    void anUnreachableEndpointDoesNotKeepTheOthersOfItsTopicFromTheMessage() throws Exception {
        int closedPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        NotificationTargets targets = NotificationTargets.of(Map.of(JOB_TOPIC,
                List.of(URI.create("http://127.0.0.1:" + closedPort + "/"), url("/job"))));
        HttpNotificationSender sender = new HttpNotificationSender(targets);
        assertThat(sender.publish(JOB_TOPIC, MESSAGE_ID, "{}", Instant.now())).as("to be retried").isFalse();
        Received r = next(10); // the reachable endpoint of the same topic still gets it
        assertThat(r.path()).isEqualTo("/job");
    }

    @Test
    void aRealJobCompletionReachesTheConfiguredEndpoint() throws Exception {
        NotificationTargets targets = NotificationTargets.of(Map.of(VAULT_TOPIC, List.of(url("/vault"))));
        try (TestServer server = new TestServer(List.of(), c -> c.withNotificationTargets(targets))) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
            set(glacier, VAULT_TOPIC, ARCHIVE_DONE);
            byte[] data = "restore me".getBytes(StandardCharsets.UTF_8);
            String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT)
                            .checksum(io.permafrost.glacier.TreeHash.of(data)),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(data)).archiveId();
            String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).description("e2e"))).jobId();

            Received r = next(30);
            assertThat(r.path()).isEqualTo("/vault");
            JsonNode message = new ObjectMapper().readTree(
                    new ObjectMapper().readTree(r.body()).get("Message").textValue());
            assertThat(message.get("JobId").asText()).isEqualTo(jobId);
            assertThat(message.get("ArchiveId").asText()).isEqualTo(archiveId);
            assertThat(message.get("Action").asText()).isEqualTo("ArchiveRetrieval");
            assertThat(message.get("StatusCode").asText()).isEqualTo("Succeeded");
            assertThat(message.get("Completed").asBoolean()).isTrue();
            assertThat(message.get("JobDescription").asText()).isEqualTo("e2e");
            assertThat(message.get("VaultARN").asText()).isEqualTo("arn:aws:glacier:us-east-1:111122223333:vaults/" + VAULT);
        }
    }
}
