package io.permafrost.it;

import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DataRetrievalRule;

import io.permafrost.glacier.TreeHash;
import software.amazon.awssdk.core.sync.RequestBody;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;

/** Get/SetDataRetrievalPolicy through the SDK (spec 17.1, 17.2) and its enforcement at InitiateJob (17.3). */
class DataRetrievalPolicyIT {

    private static DataRetrievalRule rule(GlacierClient glacier) {
        var rules = glacier.getDataRetrievalPolicy(b -> b.accountId("-")).policy().rules();
        assertThat(rules).hasSize(1);
        return rules.get(0);
    }

    private static void set(GlacierClient glacier, DataRetrievalRule... rules) {
        glacier.setDataRetrievalPolicy(b -> b.accountId("-").policy(p -> p.rules(rules)));
    }

    private static DataRetrievalRule strategy(String strategy, Long bytesPerHour) {
        return DataRetrievalRule.builder().strategy(strategy).bytesPerHour(bytesPerHour).build();
    }

    @Test
    void aNewAccountHasNoRetrievalLimit() throws Exception {
        try (TestServer server = new TestServer()) {
            DataRetrievalRule rule = rule(server.client());
            assertThat(rule.strategy()).isEqualTo("None");
            assertThat(rule.bytesPerHour()).isNull();
        }
    }

    @Test
    void eachStrategyIsStoredAndSurvivesARestart() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            set(glacier, strategy("BytesPerHour", 10737418240L));
            assertThat(rule(glacier).strategy()).isEqualTo("BytesPerHour");
            assertThat(rule(glacier).bytesPerHour()).isEqualTo(10737418240L);

            set(glacier, strategy("FreeTier", null));
            assertThat(rule(glacier).strategy()).isEqualTo("FreeTier");
            assertThat(rule(glacier).bytesPerHour()).isNull();

            set(glacier, strategy("BytesPerHour", Long.MAX_VALUE));
            server.restart();
            glacier = server.client(); // the old client's pooled connection died with the server
            assertThat(rule(glacier).bytesPerHour()).isEqualTo(Long.MAX_VALUE);
            glacier.setDataRetrievalPolicy(b -> b.accountId("111122223333")
                    .policy(p -> p.rules(strategy("None", null))));
            assertThat(rule(glacier).strategy()).isEqualTo("None");
            assertThat(rule(glacier).bytesPerHour()).isNull();
        }
    }

    @Test
    void invalidPoliciesAreRejectedAndChangeNothing() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            set(glacier, strategy("BytesPerHour", 1000L));

            assertGlacierError(() -> set(glacier, strategy("FreeTier", 5L)), "InvalidParameterValueException", 400,
                    "BytesPerHour may be set only when the Strategy is BytesPerHour, not FreeTier");
            assertGlacierError(() -> set(glacier, strategy("None", 5L)), "InvalidParameterValueException", 400,
                    "BytesPerHour may be set only when the Strategy is BytesPerHour, not None");
            assertGlacierError(() -> set(glacier, strategy("BytesPerHour", null)), "InvalidParameterValueException",
                    400, "BytesPerHour is required when the Strategy is BytesPerHour");
            assertGlacierError(() -> set(glacier, strategy("BytesPerHour", 0L)), "InvalidParameterValueException",
                    400, "Invalid BytesPerHour: 0. It must be between 1 and 9223372036854775807.");
            assertGlacierError(() -> set(glacier, strategy("BytesPerHour", -5L)), "InvalidParameterValueException",
                    400, "Invalid BytesPerHour: -5. It must be between 1 and 9223372036854775807.");
            assertGlacierError(() -> set(glacier, strategy("bytesperhour", 5L)), "InvalidParameterValueException",
                    400, "Invalid data retrieval policy strategy: bytesperhour. Valid values: BytesPerHour|FreeTier|None");
            assertGlacierError(() -> set(glacier, strategy("FreeTier", null), strategy("None", null)),
                    "InvalidParameterValueException", 400,
                    "The data retrieval policy must contain exactly one rule, got 2");
            assertGlacierError(() -> set(glacier), "InvalidParameterValueException", 400,
                    "The data retrieval policy must contain exactly one rule, got 0");
            assertGlacierError(() -> set(glacier, strategy(null, null)), "MissingParameterValueException", 400,
                    "Required parameter missing: Strategy");
            assertGlacierError(() -> glacier.setDataRetrievalPolicy(b -> b.accountId("-")),
                    "MissingParameterValueException", 400, "Required parameter missing: Policy");

            assertThat(rule(glacier).strategy()).isEqualTo("BytesPerHour");
            assertThat(rule(glacier).bytesPerHour()).isEqualTo(1000L);
        }
    }

    @Test
    void onlyTheCallersOwnAccountMayBeNamed() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            assertGlacierError(() -> glacier.getDataRetrievalPolicy(b -> b.accountId("444455556666")),
                    "AccessDeniedException", 403, "Access denied for account ID: 444455556666");
            assertGlacierError(() -> glacier.setDataRetrievalPolicy(b -> b.accountId("444455556666")
                            .policy(p -> p.rules(strategy("FreeTier", null)))),
                    "AccessDeniedException", 403, "Access denied for account ID: 444455556666");
            assertThat(rule(glacier).strategy()).isEqualTo("None");
        }
    }

    @Test
    void initiateJobIsRefusedWhenAStandardRetrievalWouldExceedTheQuota() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            glacier.createVault(b -> b.accountId("-").vaultName("photos"));
            byte[] data = new byte[3000];
            String archiveId = glacier.uploadArchive(b -> b.accountId("-").vaultName("photos")
                    .checksum(TreeHash.of(data)), RequestBody.fromBytes(data)).archiveId();
            // 1000 bytes/hour with Standard retrievals spread over 4 h: 4000 bytes may be in flight.
            set(glacier, strategy("BytesPerHour", 1000L));
            glacier.initiateJob(b -> b.accountId("-").vaultName("photos")
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Standard")));
            assertGlacierError(() -> glacier.initiateJob(b -> b.accountId("-").vaultName("photos")
                            .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId))),
                    "PolicyEnforcedException", 400, "InitiateJob request denied by current data retrieval policy.");
            assertThat(glacier.listJobs(b -> b.accountId("-").vaultName("photos")).jobList()).hasSize(1);
            // Other tiers and inventories are not limited.
            glacier.initiateJob(b -> b.accountId("-").vaultName("photos")
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Bulk")));
            glacier.initiateJob(b -> b.accountId("-").vaultName("photos")
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId).tier("Expedited")));
            set(glacier, strategy("None", null));
            glacier.initiateJob(b -> b.accountId("-").vaultName("photos")
                    .jobParameters(p -> p.type("archive-retrieval").archiveId(archiveId)));
        }
    }
}
