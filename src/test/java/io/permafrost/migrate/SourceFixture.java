package io.permafrost.migrate;

import io.permafrost.testing.GeneratedBody;
import io.permafrost.testing.SequentialParts;
import io.permafrost.testing.TestServer;
import io.permafrost.vault.JobSettings;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source Permafrost whose jobs take a second (its clock ticks with real time), and a vault on it the way a real
 * one looks: small archives with and without descriptions, a multipart archive, an access policy, tags, a
 * notification configuration and a Locked Vault Lock.
 */
final class SourceFixture implements AutoCloseable {
    static final int MIB = 1024 * 1024;
    static final String VAULT = "family-archive";
    static final String ACCESS_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"read\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::111122223333:root\"},\"Action\":\"glacier:ListJobs\","
            + "\"Resource\":\"arn:aws:glacier:us-east-1:111122223333:vaults/" + VAULT + "\"}]}";
    static final String LOCK_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"keep-a-year\","
            + "\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"glacier:DeleteArchive\","
            + "\"Resource\":\"arn:aws:glacier:us-east-1:111122223333:vaults/" + VAULT + "\","
            + "\"Condition\":{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}}]}";
    static final String TOPIC = "arn:aws:sns:us-east-1:111122223333:restores";
    static final Map<String, String> TAGS = Map.of("owner", "family", "retention", "forever");

    final TestServer server;
    final GlacierClient glacier;
    private final TickingClock ticking;
    /** Archive id to its bytes, in upload order. */
    final Map<String, byte[]> archives = new LinkedHashMap<>();
    final Map<String, String> descriptions = new LinkedHashMap<>();

    SourceFixture() throws Exception {
        server = new TestServer(List.of(), c -> c.withJobs(new JobSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofHours(24))));
        ticking = new TickingClock(server.clock());
        glacier = server.client();
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
    }

    /** {@code count} small archives (every third without a description) and one 3 MiB + 5 byte multipart archive. */
    SourceFixture withArchives(int count) {
        for (int i = 0; i < count; i++) {
            byte[] data = bytes(new GeneratedBody(1000 + 7919L * i, i));
            upload(data, i % 3 == 2 ? null : "photo " + i + " (summer, 2019)");
        }
        uploadMultipart(new GeneratedBody(3L * MIB + 5, 99), "scans (multipart)");
        return this;
    }

    /** Access policy, tags, notifications and a Locked lock. */
    SourceFixture withSettings() {
        glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT).policy(p -> p.policy(ACCESS_POLICY)));
        glacier.addTagsToVault(b -> b.accountId("-").vaultName(VAULT).tags(TAGS));
        glacier.setVaultNotifications(b -> b.accountId("-").vaultName(VAULT).vaultNotificationConfig(c -> c
                .snsTopic(TOPIC).events("ArchiveRetrievalCompleted", "InventoryRetrievalCompleted")));
        String lockId = glacier.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultLockPolicy.builder().policy(LOCK_POLICY).build())).lockId();
        glacier.completeVaultLock(b -> b.accountId("-").vaultName(VAULT).lockId(lockId));
        return this;
    }

    String upload(byte[] data, String description) {
        String id = glacier.uploadArchive(b -> b.accountId("-").vaultName(VAULT).archiveDescription(description)
                .checksum(io.permafrost.glacier.TreeHash.of(data)), RequestBody.fromBytes(data)).archiveId();
        archives.put(id, data);
        descriptions.put(id, description);
        return id;
    }

    private void uploadMultipart(GeneratedBody body, String description) {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                .archiveDescription(description).partSize(String.valueOf(MIB))).uploadId();
        SequentialParts.send(glacier, VAULT, uploadId, body, MIB);
        String id = glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                .archiveSize(String.valueOf(body.length())).checksum(body.treeHash())).archiveId();
        archives.put(id, bytes(body));
        descriptions.put(id, description);
    }

    /** Archive-retrieval jobs the source has run or is running, by archive id. */
    Map<String, Integer> retrievalJobsByArchive() {
        Map<String, Integer> jobs = new LinkedHashMap<>();
        glacier.listJobsPaginator(b -> b.accountId("-").vaultName(VAULT)).jobList().stream()
                .filter(j -> "ArchiveRetrieval".equals(j.actionAsString()))
                .forEach(j -> jobs.merge(j.archiveId(), 1, Integer::sum));
        return jobs;
    }

    List<String> ids() {
        return new ArrayList<>(archives.keySet());
    }

    private static byte[] bytes(GeneratedBody body) {
        try (var in = body.stream()) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws Exception {
        ticking.close();
        server.close();
    }
}
