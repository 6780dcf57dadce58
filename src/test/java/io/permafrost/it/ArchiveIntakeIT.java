package io.permafrost.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.intake.ArchiveIntake;
import io.permafrost.cli.ArchiveIntakes;
import io.permafrost.intake.ImportedArchive;
import io.permafrost.intake.IntakeRefused;
import io.permafrost.intake.OperatorActions;
import io.permafrost.intake.OperatorChannel;
import io.permafrost.intake.VaultNotificationConfig;
import io.permafrost.intake.VaultSettings;
import io.permafrost.testing.CapturedLog;
import io.permafrost.testing.ConcurrentCalls;
import io.permafrost.testing.EmbeddedOnly;
import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetJobOutputResponse;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Issue 11 item 2: archives migrated in keep their id, creation date and description, through the operator
 * intake beside a running server (its Unix socket when embedded; the shared storage in-process on a cluster),
 * read back through the SDK.
 */
class ArchiveIntakeIT {
    private static final String ACCOUNT = TestServer.ACCOUNT;
    private static final String VAULT = "migrated";

    private TestServer server;
    private GlacierClient glacier;
    private ArchiveIntake intake;
    private final IdGenerator ids = new IdGenerator();

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        glacier = server.client();
        intake = ArchiveIntakes.open(server.storageTarget());
    }

    @AfterEach
    void stop() throws Exception {
        intake.close();
        server.close();
    }

    private ImportedArchive record(byte[] data, String description, Instant created) {
        return new ImportedArchive(ids.archiveId(), description, created, data.length, ReferenceTreeHash.of(data));
    }

    private void importBytes(ImportedArchive archive, byte[] data) {
        intake.importArchive(ACCOUNT, VAULT, archive, new ByteArrayInputStream(data));
    }

    private long archiveCount() {
        return glacier.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives();
    }

    @Test
    void anImportedArchiveKeepsItsIdDateAndDescriptionAndReadsBackByIdThroughTheSdk() throws Exception {
        intake.ensureVault(ACCOUNT, VAULT);
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] data = JobTestVault.pattern(3 * 1024 * 1024 + 17);
        Instant created = server.clock().instant().minus(Duration.ofDays(400)).truncatedTo(ChronoUnit.SECONDS);
        ImportedArchive archive = record(data, "ledger 2019", created);
        importBytes(archive, data);
        assertThat(intake.contains(ACCOUNT, VAULT, archive.archiveId())).isTrue();
        assertThat(archiveCount()).isEqualTo(1);

        JobTestVault vault = new JobTestVault(glacier, VAULT, false);
        String retrieval = vault.retrieve(archive.archiveId());
        assertThat(vault.awaitCompleted(retrieval).sha256TreeHash()).isEqualTo(archive.treeHash());
        ResponseBytes<GetJobOutputResponse> out = vault.output(retrieval, null);
        assertThat(out.asByteArray()).isEqualTo(data);
        assertThat(out.response().checksum()).isEqualTo(archive.treeHash());
        assertThat(out.response().archiveDescription()).isEqualTo("ledger 2019");

        String inventory = vault.start(p -> p.type("inventory-retrieval"));
        vault.awaitCompleted(inventory);
        JsonNode listed = new ObjectMapper().readTree(vault.output(inventory, null).asByteArray()).get("ArchiveList").get(0);
        assertThat(listed.get("ArchiveId").asText()).isEqualTo(archive.archiveId());
        assertThat(Instant.parse(listed.get("CreationDate").asText())).isEqualTo(created);
        assertThat(listed.get("ArchiveDescription").asText()).isEqualTo("ledger 2019");
        assertThat(listed.get("SHA256TreeHash").asText()).isEqualTo(archive.treeHash());
    }

    @Test
    void anIdThatExistsIsRefusedAndTheFirstArchiveStaysAsItWas() {
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] first = "first bytes".getBytes(StandardCharsets.UTF_8);
        ImportedArchive archive = record(first, "one", server.clock().instant().minusSeconds(60));
        importBytes(archive, first);
        byte[] other = "other bytes".getBytes(StandardCharsets.UTF_8);
        ImportedArchive again = new ImportedArchive(archive.archiveId(), "two", archive.creationDate(), other.length,
                ReferenceTreeHash.of(other));
        assertRefused(() -> importBytes(again, other), IntakeRefused.Reason.DUPLICATE_ID);
        assertThat(archiveCount()).isEqualTo(1);
    }

    @Test
    void anIdOfAnArchiveUploadedHereIsRefusedToo() {
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] data = "uploaded".getBytes(StandardCharsets.UTF_8);
        String uploaded = new JobTestVault(glacier, VAULT, false).upload(data, "by the API");
        ImportedArchive archive = new ImportedArchive(uploaded, "imported", server.clock().instant().minusSeconds(5),
                data.length, ReferenceTreeHash.of(data));
        assertRefused(() -> importBytes(archive, data), IntakeRefused.Reason.DUPLICATE_ID);
    }

    @Test
    void twoRacingImportsOfOneIdLetExactlyOneIn() throws Exception {
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] data = JobTestVault.pattern(200_000);
        ImportedArchive archive = record(data, "raced", server.clock().instant().minusSeconds(60));
        try (ArchiveIntake second = ArchiveIntakes.open(server.storageTarget())) {
            List<String> outcomes = ConcurrentCalls.race(() -> outcome(intake, archive, data),
                    () -> outcome(second, archive, data));
            assertThat(outcomes).containsExactlyInAnyOrder("imported", "DUPLICATE_ID");
        }
        assertThat(archiveCount()).isEqualTo(1);
    }

    /**
     * One intake, two workers (as {@code migrate --concurrency 2}): the first import's body stops half-way until
     * the second import has committed. Imports taken one at a time would leave the second waiting behind the first,
     * and the first would give up waiting (after a minute, only so the test ends) with the second not in.
     */
    @Test
    void importsThroughOneIntakeRunSideBySideEachOnItsOwnConnection() throws Exception {
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] first = JobTestVault.pattern(600_000);
        byte[] second = "the second archive".getBytes(StandardCharsets.UTF_8);
        ImportedArchive held = record(first, "held half-way", server.clock().instant().minusSeconds(60));
        ImportedArchive quick = record(second, "quick", server.clock().instant().minusSeconds(60));
        CountDownLatch secondCommitted = new CountDownLatch(1);
        CountDownLatch firstHalfSent = new CountDownLatch(1);
        AtomicBoolean secondInWhileFirstHeld = new AtomicBoolean();
        InputStream halted = new FilterInputStream(new ByteArrayInputStream(first)) {
            private int sent;
            private boolean waited;

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                if (sent >= first.length / 2 && !waited) {
                    waited = true;
                    firstHalfSent.countDown();
                    try {
                        secondInWhileFirstHeld.set(secondCommitted.await(60, TimeUnit.SECONDS));
                    } catch (InterruptedException e) {
                        throw new InterruptedIOException();
                    }
                }
                int n = super.read(buffer, offset, sent < first.length / 2 ? Math.min(length, first.length / 2 - sent)
                        : length);
                sent += Math.max(0, n);
                return n;
            }
        };
        ExecutorService workers = Executors.newFixedThreadPool(2);
        try {
            var firstImport = workers.submit(() -> intake.importArchive(ACCOUNT, VAULT, held, halted));
            firstHalfSent.await();
            workers.submit(() -> {
                intake.importArchive(ACCOUNT, VAULT, quick, new ByteArrayInputStream(second));
                secondCommitted.countDown();
            }).get();
            firstImport.get();
        } finally {
            workers.shutdownNow();
        }
        assertThat(secondInWhileFirstHeld).as("the second import committed while the first was held half-way").isTrue();
        assertThat(intake.storedTreeHash(ACCOUNT, VAULT, held.archiveId())).contains(held.treeHash());
        assertThat(intake.storedTreeHash(ACCOUNT, VAULT, quick.archiveId())).contains(quick.treeHash());
    }

    private static String outcome(ArchiveIntake intake, ImportedArchive archive, byte[] data) {
        try {
            intake.importArchive(ACCOUNT, VAULT, archive, new ByteArrayInputStream(data));
            return "imported";
        } catch (IntakeRefused e) {
            return e.reason().name();
        }
    }

    @Test
    void bytesThatDoNotMatchTheRecordAreRefusedAndNothingIsVisible() {
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] data = JobTestVault.pattern(2 * 1024 * 1024);
        ImportedArchive archive = record(data, "damaged", server.clock().instant().minusSeconds(60));
        byte[] damaged = data.clone();
        damaged[1_500_000] ^= 1;
        assertRefused(() -> importBytes(archive, damaged), IntakeRefused.Reason.HASH_MISMATCH);
        byte[] shorter = java.util.Arrays.copyOf(data, data.length - 1);
        assertRefused(() -> importBytes(archive, shorter), IntakeRefused.Reason.SIZE_MISMATCH);
        byte[] longer = java.util.Arrays.copyOf(data, data.length + 1);
        assertRefused(() -> importBytes(archive, longer), IntakeRefused.Reason.SIZE_MISMATCH);
        assertThat(intake.contains(ACCOUNT, VAULT, archive.archiveId())).isFalse();
        assertThat(archiveCount()).isZero();
        // The channel is still usable after the refusals, and the id still free.
        importBytes(archive, data);
        assertThat(archiveCount()).isEqualTo(1);
    }

    @Test
    void recordsThatCannotBeAGlacierArchiveAreRefused() {
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        Instant past = server.clock().instant().minusSeconds(60);
        String hash = ReferenceTreeHash.of(data);
        assertRefused(() -> importBytes(new ImportedArchive("short-id", null, past, 1, hash), data),
                IntakeRefused.Reason.INVALID_ID);
        assertRefused(() -> importBytes(new ImportedArchive(ids.archiveId().substring(1) + "/", null, past, 1, hash), data),
                IntakeRefused.Reason.INVALID_ID);
        assertRefused(() -> importBytes(new ImportedArchive(ids.archiveId(), null,
                server.clock().instant().plus(Duration.ofDays(2)), 1, hash), data), IntakeRefused.Reason.INVALID_RECORD);
        assertRefused(() -> intake.importArchive(ACCOUNT, "no-such-vault", new ImportedArchive(ids.archiveId(), null, past,
                1, hash), new ByteArrayInputStream(data)), IntakeRefused.Reason.NO_SUCH_VAULT);
        assertThat(archiveCount()).isZero();
    }

    @Test
    void retentionByArchiveAgeCountsFromTheOriginalUploadAndALockedVaultTakesImports() {
        intake.ensureVault(ACCOUNT, VAULT);
        String retention = PolicyJson.of(deny("glacier:DeleteArchive", vaultArn(OWNER, VAULT)).principal("*")
                .when("NumericLessThan", "glacier:ArchiveAgeInDays", "365"));
        LockedVaultFixture.lock(glacier, VAULT, retention);

        byte[] oldData = "uploaded 400 days ago".getBytes(StandardCharsets.UTF_8);
        ImportedArchive old = record(oldData, "old", server.clock().instant().minus(Duration.ofDays(400)));
        byte[] youngData = "uploaded 10 days ago".getBytes(StandardCharsets.UTF_8);
        ImportedArchive young = record(youngData, "young", server.clock().instant().minus(Duration.ofDays(10)));
        importBytes(old, oldData);
        importBytes(young, youngData);
        assertThat(archiveCount()).isEqualTo(2);

        glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(old.archiveId()));
        ExpectedError.of(() -> glacier.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(young.archiveId())),
                403, "AccessDeniedException");
        assertThat(archiveCount()).isEqualTo(1);
        // A deleted id stays taken: importing it again would bring back what the lock let go.
        assertRefused(() -> importBytes(old, oldData), IntakeRefused.Reason.DUPLICATE_ID);
    }

    @Test
    void settingsAreCopiedAndASourceLockComesBackInProgressNeverCompleted() {
        intake.ensureVault(ACCOUNT, VAULT);
        String access = PolicyJson.of(deny("glacier:DeleteVault", vaultArn(OWNER, VAULT)).principal("*"));
        String lock = PolicyJson.of(deny("glacier:DeleteArchive", vaultArn(OWNER, VAULT)).principal("*")
                .when("NumericLessThan", "glacier:ArchiveAgeInDays", "30"));
        VaultSettings settings = new VaultSettings(access, Map.of("team", "finance", "tier", "cold"),
                new VaultNotificationConfig("arn:aws:sns:us-east-1:" + ACCOUNT + ":jobs", List.of("ArchiveRetrievalCompleted")),
                lock);
        Optional<String> lockId = intake.applySettings(ACCOUNT, VAULT, settings);
        assertThat(lockId).isPresent();
        assertThat(glacier.getVaultLock(b -> b.accountId("-").vaultName(VAULT)).state()).isEqualTo("InProgress");
        assertThat(glacier.listTagsForVault(b -> b.accountId("-").vaultName(VAULT)).tags())
                .containsExactlyInAnyOrderEntriesOf(Map.of("team", "finance", "tier", "cold"));
        assertThat(glacier.getVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)).policy().policy())
                .isEqualTo(access);
        assertThat(glacier.getVaultNotifications(b -> b.accountId("-").vaultName(VAULT)).vaultNotificationConfig()
                .snsTopic()).endsWith(":jobs");
        // A second run (resumed migration) finds its own InProgress lock again.
        assertThat(intake.applySettings(ACCOUNT, VAULT, settings)).isEqualTo(lockId);

        // Completed by the operator; a source with another policy never replaces it.
        glacier.completeVaultLock(b -> b.accountId("-").vaultName(VAULT).lockId(lockId.get()));
        String other = lock.replace("\"30\"", "\"1\"");
        assertRefused(() -> intake.applySettings(ACCOUNT, VAULT, new VaultSettings(null, Map.of(), null, other)),
                IntakeRefused.Reason.LOCK_EXISTS);
        assertThat(glacier.getVaultLock(b -> b.accountId("-").vaultName(VAULT)).policy()).isEqualTo(lock);
        assertThat(glacier.getVaultLock(b -> b.accountId("-").vaultName(VAULT)).state()).isEqualTo("Locked");
        assertThat(intake.applySettings(ACCOUNT, VAULT, settings)).isEmpty();
    }

    @Test
    void everyChangeIsToldToTheOperatorActionsWithTheOsUser() {
        try (CapturedLog actions = new CapturedLog(OperatorActions.class.getName())) {
            intake.ensureVault(ACCOUNT, VAULT);
            byte[] data = "audited".getBytes(StandardCharsets.UTF_8);
            ImportedArchive archive = record(data, "audited", server.clock().instant().minusSeconds(60));
            importBytes(archive, data);
            String who = "operator:" + System.getProperty("user.name");
            assertThat(actions.messages()).containsExactly(
                    who + " CreateVault " + ACCOUNT + "/" + VAULT,
                    who + " ImportArchive " + ACCOUNT + "/" + VAULT + " " + archive.archiveId());
        }
    }

    @Test
    void anImportIsInTheAuditTrailAsTheOperatorsAndAFailedOneIsNot() throws Exception {
        intake.ensureVault(ACCOUNT, VAULT);
        byte[] data = "audited".getBytes(StandardCharsets.UTF_8);
        ImportedArchive archive = record(data, "audited", server.clock().instant().minusSeconds(60));
        importBytes(archive, data);
        ImportedArchive wrong = new ImportedArchive(ids.archiveId(), null, archive.creationDate(), data.length,
                ReferenceTreeHash.of("other".getBytes(StandardCharsets.UTF_8)));
        assertRefused(() -> importBytes(wrong, data), IntakeRefused.Reason.HASH_MISMATCH);
        String who = "operator:" + System.getProperty("user.name");
        List<String> rows = new java.util.ArrayList<>();
        try (java.sql.Connection c = server.metadataConnection();
             java.sql.PreparedStatement st = c.prepareStatement("SELECT principal, operation, vault, subject_id, result"
                     + " FROM audit_record WHERE principal = ? ORDER BY seq")) {
            st.setString(1, who);
            try (java.sql.ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    rows.add(rs.getString(2) + " " + rs.getString(3) + " " + rs.getString(4) + " " + rs.getString(5));
                }
            }
        }
        assertThat(rows).containsExactly("CreateVault " + VAULT + " null OK",
                "ImportArchive " + VAULT + " " + archive.archiveId() + " OK");
    }

    @Test
    @EmbeddedOnly("the operator socket is the embedded server's; a cluster command opens the shared storage itself")
    void theOperatorSocketIsTheDataDirectoryOwnersOnly() throws Exception {
        Path socket = server.dataDir().resolve(OperatorChannel.SOCKET_NAME);
        assertThat(Files.exists(socket)).isTrue();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(socket))).isEqualTo("rw-------");
        assertThat(intake.getClass().getSimpleName()).isEqualTo("OperatorChannelClient");
    }

    private static void assertRefused(Runnable call, IntakeRefused.Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(IntakeRefused.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason));
    }
}
