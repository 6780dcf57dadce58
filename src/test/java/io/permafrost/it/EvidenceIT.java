package io.permafrost.it;

import io.permafrost.audit.SigningKey;
import io.permafrost.evidence.StoredAuditHead;
import io.permafrost.evidence.EditedBundle;
import io.permafrost.evidence.EvidenceVerifier;
import io.permafrost.evidence.EvidenceWriter;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.StorageBackend;
import io.permafrost.store.VaultRecord;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.ArchiveScrubber;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A vault's evidence bundle as an auditor gets it: cut beside the running server (the SDK made the lock, the
 * access policy changes and the archives), after a scrub, and verified offline; an edited copy is refused
 * with the edit named.
 */
class EvidenceIT {
    private static final int MIB = 1024 * 1024;
    private static final String VAULT = "evidence";
    private static final String ARN = "arn:aws:glacier:us-east-1:" + TestServer.ACCOUNT + ":vaults/" + VAULT;
    private static final String LOCK_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"no-deletes\","
            + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"glacier:DeleteArchive\",\"Resource\":\"" + ARN + "\"}]}";
    private static final String FIRST_ACCESS = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"read\","
            + "\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::444455556666:root\"},"
            + "\"Action\":\"glacier:ListJobs\",\"Resource\":\"" + ARN + "\"}]}";
    private static final String SECOND_ACCESS = FIRST_ACCESS.replace("glacier:ListJobs", "glacier:DescribeVault");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestServer server;
    private GlacierClient glacier;
    private String small;
    private String multipart;
    private String lockId;

    @BeforeEach
    void vaultWithHistory() throws Exception {
        server = new TestServer();
        glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        small = upload("a small archive".getBytes(StandardCharsets.UTF_8), "small");
        multipart = uploadInParts();
        glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultAccessPolicy.builder().policy(FIRST_ACCESS).build()));
        glacier.deleteVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT));
        glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultAccessPolicy.builder().policy(SECOND_ACCESS).build()));
        lockId = glacier.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultLockPolicy.builder().policy(LOCK_POLICY).build())).lockId();
        glacier.completeVaultLock(b -> b.accountId("-").vaultName(VAULT).lockId(lockId));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void bundleHoldsWhatTheAuditorAsksForAndVerifies() throws Exception {
        Path bundle = cutAfterScrub();

        EvidenceVerifier.Verdict verdict = new EvidenceVerifier().verify(bundle,
                Files.readString(dir.resolve("key.pub")));
        assertThat(verdict.problems()).isEmpty();
        assertThat(verdict.archives()).isEqualTo(2);

        JsonNode doc = JSON.readTree(bundle.toFile());
        assertThat(doc.get("account").asText()).isEqualTo(TestServer.ACCOUNT);
        assertThat(doc.at("/vault/arn").asText()).isEqualTo(ARN);
        assertThat(doc.at("/vault/numberOfArchives").asLong()).isEqualTo(2);
        JsonNode lock = doc.get("lock");
        assertThat(lock.get("state").asText()).isEqualTo("Locked");
        assertThat(lock.get("lockId").asText()).isEqualTo(lockId);
        assertThat(JSON.readTree(lock.get("policy").asText())).isEqualTo(JSON.readTree(LOCK_POLICY));
        assertThat(lock.get("initiatedAt").isTextual()).isTrue();
        assertThat(lock.get("completedAt").isTextual()).isTrue();
        assertThat(lock.get("expiresAt").isNull()).isTrue();
        JsonNode history = doc.at("/accessPolicy/history");
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("policy").asText()).isEqualTo(FIRST_ACCESS);
        assertThat(history.get(1).get("policy").isNull()).isTrue();
        assertThat(history.get(2).get("policy").asText()).isEqualTo(SECOND_ACCESS);
        assertThat(history.get(0).get("principal").asText()).isEqualTo("arn:aws:iam::" + TestServer.ACCOUNT + ":root");
        assertThat(doc.at("/accessPolicy/current").asText()).isEqualTo(SECOND_ACCESS);
        JsonNode archives = doc.get("archives");
        assertThat(archives).hasSize(2);
        for (JsonNode archive : archives) {
            String id = archive.get("archiveId").asText();
            assertThat(id).isIn(small, multipart);
            String treeHash = glacierTreeHash(id);
            assertThat(archive.get("treeHash").asText()).isEqualTo(treeHash);
            assertThat(archive.at("/lastScrub/result").asText()).isEqualTo("ok");
            assertThat(archive.at("/lastScrub/hash").asText()).isEqualTo(treeHash);
        }
        // The test clock stands still, so both share a creation time and list in id order: find by id.
        for (JsonNode archive : archives) {
            assertThat(archive.get("size").asLong())
                    .isEqualTo(archive.get("archiveId").asText().equals(multipart) ? 2L * MIB + 5 : 15);
        }
        // The chain's head when the bundle was cut: the vault's changes above are in it (none came after).
        try (java.sql.Connection c = server.metadataConnection();
             java.sql.ResultSet head = c.createStatement().executeQuery("SELECT seq, hash FROM audit_head WHERE id = 1")) {
            assertThat(head.next()).isTrue();
            assertThat(doc.at("/auditChainHead/seq").asLong()).isEqualTo(head.getLong(1)).isPositive();
        }
        assertThat(doc.at("/signature/algorithm").asText()).isEqualTo("Ed25519");
        assertThat(doc.at("/signature/publicKey").asText()).isEqualTo(Files.readString(dir.resolve("key.pub")));
    }

    @Test
    void anArchiveWhoseHashWasChangedIsRefused() throws Exception {
        EditedBundle bundle = EditedBundle.of(cutAfterScrub());
        String hash = glacierTreeHash(small);
        Path edited = bundle.replace("\"treeHash\":\"" + hash + "\"",
                "\"treeHash\":\"" + hash.replace(hash.charAt(0), hash.charAt(0) == 'a' ? 'b' : 'a') + "\"");

        assertThat(refusal(edited)).anyMatch(p -> p.startsWith("changed after signing: archives"))
                .noneMatch(p -> p.startsWith("changed after signing: lock"));
    }

    @Test
    void anArchiveRemovedIsRefused() throws Exception {
        Path edited = EditedBundle.of(cutAfterScrub()).withoutArchive(small);

        assertThat(refusal(edited)).contains("archives lists 1 archives but archiveCount says 2 (an archive was "
                + "removed or added)").anyMatch(p -> p.startsWith("changed after signing: archives"));
    }

    @Test
    void aLockStateChangedIsRefused() throws Exception {
        Path edited = EditedBundle.of(cutAfterScrub()).replace("\"state\":\"Locked\"", "\"state\":\"InProgress\"");

        assertThat(refusal(edited)).anyMatch(p -> p.startsWith("changed after signing: lock"))
                .noneMatch(p -> p.startsWith("changed after signing: archives"));
    }

    @Test
    void aBundleSignedByAnotherKeyIsRefusedWhenTheServerKeyIsGiven() throws Exception {
        Path bundle = cutAfterScrub();
        SigningKey.loadOrCreate(dir.resolve("other"));

        assertThat(new EvidenceVerifier().verify(bundle, Files.readString(dir.resolve("other.pub"))).problems())
                .contains("the bundle names another public key than the one it must be signed with");
    }

    private java.util.List<String> refusal(Path edited) throws Exception {
        EvidenceVerifier.Verdict verdict = new EvidenceVerifier().verify(edited, Files.readString(dir.resolve("key.pub")));
        assertThat(verdict.valid()).isFalse();
        assertThat(verdict.problems()).anyMatch(p -> p.startsWith("the Ed25519 signature does not verify"));
        return verdict.problems();
    }

    /** Scrubs everything and cuts the vault's bundle, both beside the running server, as the commands do. */
    private Path cutAfterScrub() throws Exception {
        Path bundle = dir.resolve("bundle.json");
        try (StorageBackend storage = server.openStorageBeside()) {
            ArchiveScrubber.Report report = new ArchiveScrubber(storage.metadata(), storage.blobs(), Clock.systemUTC())
                    .scrub(damage -> { });
            assertThat(report.damaged()).isEmpty();
            VaultRecord vault = storage.metadata().vaults().find(TestServer.ACCOUNT, VAULT).orElseThrow();
            EvidenceWriter writer = new EvidenceWriter(storage.metadata(), Clock.systemUTC(),
                    SigningKey.loadOrCreate(dir.resolve("key")), new StoredAuditHead(storage.metadata()));
            try (OutputStream out = Files.newOutputStream(bundle)) {
                writer.write(vault, ARN, out);
            }
        }
        return bundle;
    }

    private String glacierTreeHash(String archiveId) {
        return archiveId.equals(small) ? smallHash : multipartHash;
    }

    private String smallHash;
    private String multipartHash;

    private String upload(byte[] data, String description) {
        smallHash = TreeHash.of(data);
        return glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT).archiveDescription(description)
                .checksum(TreeHash.of(data)), RequestBody.fromBytes(data)).archiveId();
    }

    private String uploadInParts() {
        byte[] big = new byte[2 * MIB + 5];
        new Random(7).nextBytes(big);
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                .archiveDescription("multipart").partSize(String.valueOf(MIB))).uploadId();
        for (int offset = 0; offset < big.length; offset += MIB) {
            byte[] part = Arrays.copyOfRange(big, offset, Math.min(big.length, offset + MIB));
            int start = offset;
            glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                    .range("bytes " + start + "-" + (start + part.length - 1) + "/*").checksum(TreeHash.of(part)),
                    RequestBody.fromBytes(part));
        }
        multipartHash = TreeHash.of(big);
        return glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                .archiveSize(String.valueOf(big.length)).checksum(multipartHash)).archiveId();
    }
}
