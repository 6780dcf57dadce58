package io.permafrost.it;

import io.permafrost.audit.AuditEvent;
import io.permafrost.audit.AuditRecord;
import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierResponse;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.rootArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every state-changing operation of the 33 leaves exactly one audit record, with who, what, where, the
 * request id the client got and the result; a read leaves none. Runs on both backends.
 */
class AuditTrailIT {
    private static final String VAULT = "audited";
    private TestServer server;
    private GlacierClient root;
    private AuditLog audit;

    @BeforeEach
    void start() throws Exception {
        server = new TestServer();
        root = server.client();
        audit = new AuditLog(server);
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void everyStateChangingOperationLeavesExactlyOneRecord() throws Exception {
        recorded("CreateVault", null, () -> root.createVault(b -> b.accountId("-").vaultName(VAULT)));
        recorded("AddTagsToVault", null, () -> root.addTagsToVault(b -> b.accountId("-").vaultName(VAULT)
                .tags(Map.of("team", "finance"))));
        recorded("RemoveTagsFromVault", null, () -> root.removeTagsFromVault(b -> b.accountId("-").vaultName(VAULT)
                .tagKeys("team")));
        recorded("SetVaultAccessPolicy", null, () -> root.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultAccessPolicy.builder().policy(PolicyJson.of(
                        allow("glacier:ListJobs", vaultArn(OWNER, VAULT)).principal("*"))).build())));
        recorded("DeleteVaultAccessPolicy", null, () -> root.deleteVaultAccessPolicy(b -> b.accountId("-")
                .vaultName(VAULT)));
        recorded("SetVaultNotifications", null, () -> root.setVaultNotifications(b -> b.accountId("-").vaultName(VAULT)
                .vaultNotificationConfig(c -> c.snsTopic("arn:aws:sns:us-east-1:" + OWNER + ":events")
                        .events("ArchiveRetrievalCompleted"))));
        recorded("DeleteVaultNotifications", null, () -> root.deleteVaultNotifications(b -> b.accountId("-")
                .vaultName(VAULT)));

        byte[] data = "quarterly report".getBytes(StandardCharsets.UTF_8);
        String archiveId = root.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
        assertOneRecord("UploadArchive", archiveId, null);
        String jobId = root.initiateJob(b -> b.accountId("-").vaultName(VAULT)
                .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))).jobId();
        assertOneRecord("InitiateJob", jobId, null);
        recorded("DeleteArchive", archiveId, () -> root.deleteArchive(b -> b.accountId("-").vaultName(VAULT)
                .archiveId(archiveId)));

        String uploadId = root.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT).partSize("1048576"))
                .uploadId();
        assertOneRecord("InitiateMultipartUpload", uploadId, null);
        recorded("UploadMultipartPart", uploadId, () -> root.uploadMultipartPart(b -> b.accountId("-").vaultName(VAULT)
                .uploadId(uploadId).range("bytes 0-" + (data.length - 1) + "/*").checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)));
        recorded("CompleteMultipartUpload", uploadId, () -> root.completeMultipartUpload(b -> b.accountId("-")
                .vaultName(VAULT).uploadId(uploadId).archiveSize(Integer.toString(data.length))
                .checksum(TreeHash.of(data))));
        String abandoned = root.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT).partSize("1048576"))
                .uploadId();
        assertOneRecord("InitiateMultipartUpload", abandoned, null);
        recorded("AbortMultipartUpload", abandoned, () -> root.abortMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                .uploadId(abandoned)));

        String policy = PolicyJson.of(deny("glacier:DeleteArchive", vaultArn(OWNER, VAULT)).sid("keep").principal("*"));
        String tried = root.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultLockPolicy.builder().policy(policy).build())).lockId();
        assertOneRecord("InitiateVaultLock", tried, null);
        recorded("AbortVaultLock", null, () -> root.abortVaultLock(b -> b.accountId("-").vaultName(VAULT)));
        String lockId = root.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultLockPolicy.builder().policy(policy).build())).lockId();
        assertOneRecord("InitiateVaultLock", lockId, null);
        recorded("CompleteVaultLock", lockId, () -> root.completeVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .lockId(lockId)));

        recorded("SetDataRetrievalPolicy", null, () -> root.setDataRetrievalPolicy(b -> b.accountId("-")
                .policy(p -> p.rules(r -> r.strategy("FreeTier")))));
        String capacityId = root.purchaseProvisionedCapacity(b -> b.accountId("-")).capacityId();
        assertOneRecord("PurchaseProvisionedCapacity", capacityId, null);

        root.createVault(b -> b.accountId("-").vaultName("scratch"));
        audit.fresh();
        recorded("DeleteVault", null, () -> root.deleteVault(b -> b.accountId("-").vaultName("scratch")));
    }

    @Test
    void aSuccessfulReadLeavesNoRecord() throws Exception {
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
        audit.fresh();

        root.describeVault(b -> b.accountId("-").vaultName(VAULT));
        root.listVaults(b -> b.accountId("-"));
        root.listTagsForVault(b -> b.accountId("-").vaultName(VAULT));
        root.getDataRetrievalPolicy(b -> b.accountId("-"));

        assertThat(audit.fresh()).isEmpty();
    }

    @Test
    void aFailedStateChangeLeavesOneRecordWithItsErrorCode() throws Exception {
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
        audit.fresh();

        ExpectedError.of(() -> root.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId("no-such-archive")),
                404, "ResourceNotFoundException", "The archive ID was not found: no-such-archive");

        List<AuditRecord> records = audit.fresh();
        assertThat(records).hasSize(1);
        AuditEvent event = records.get(0).event();
        assertThat(event.operation()).isEqualTo("DeleteArchive");
        assertThat(event.subjectId()).isEqualTo("no-such-archive");
        assertThat(event.decision()).isEqualTo("Allow");
        assertThat(event.result()).isEqualTo("ResourceNotFoundException");
    }

    @Test
    void aDeleteOfAnAlreadyDeletedArchiveIsRecordedOnce() throws Exception {
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
        byte[] data = "twice".getBytes(StandardCharsets.UTF_8);
        String archiveId = root.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
        root.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archiveId));
        audit.fresh();

        // Idempotent: succeeds without changing anything, and still leaves its one record.
        recorded("DeleteArchive", archiveId, () -> root.deleteArchive(b -> b.accountId("-").vaultName(VAULT)
                .archiveId(archiveId)));
    }

    /** Runs a call and checks that it left exactly one record, of {@code operation}, matching the response. */
    private void recorded(String operation, String subjectId, Supplier<? extends GlacierResponse> call) throws Exception {
        GlacierResponse response = call.get();
        assertOneRecord(operation, subjectId, response.responseMetadata().requestId());
    }

    private void assertOneRecord(String operation, String subjectId, String requestId) throws Exception {
        List<AuditRecord> records = audit.fresh();
        assertThat(records).as("records of " + operation).hasSize(1);
        AuditEvent event = records.get(0).event();
        assertThat(event.operation()).isEqualTo(operation);
        assertThat(event.principal()).isEqualTo(rootArn(OWNER));
        assertThat(event.accountId()).isEqualTo(OWNER);
        assertThat(event.decision()).isEqualTo("Allow");
        assertThat(event.result()).isEqualTo("OK");
        assertThat(event.sourceIp()).isEqualTo("127.0.0.1");
        assertThat(event.userAgent()).contains("aws-sdk-java");
        if (!operation.equals("SetDataRetrievalPolicy") && !operation.equals("PurchaseProvisionedCapacity")) {
            assertThat(event.vault()).isEqualTo(operation.equals("DeleteVault") ? "scratch" : VAULT);
        }
        if (subjectId != null) {
            assertThat(event.subjectId()).isEqualTo(subjectId);
        }
        if (requestId != null) {
            assertThat(event.requestId()).isEqualTo(requestId);
        }
        assertThat(records.get(0).hashMatchesContent()).isTrue();
    }
}
