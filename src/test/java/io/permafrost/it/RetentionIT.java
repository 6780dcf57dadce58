package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static io.permafrost.it.Identities.OTHER;
import static io.permafrost.it.Identities.OTHER_ROOT;
import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.rootArn;
import static io.permafrost.it.Identities.userArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention by Vault Lock (spec 14.1, 15.6): "deny DeleteArchive while ArchiveAgeInDays < 365" binds
 * everyone, root included, until the archive is old enough; no Allow anywhere overrides it.
 */
class RetentionIT extends LockedVaultFixture {
    private static final String VAULT = "compliance";
    private static final String ARN = vaultArn(OWNER, VAULT);

    RetentionIT() {
        super(VAULT);
    }

    private static String retention(String keySpelling, String days) {
        return PolicyJson.of(deny("glacier:DeleteArchive", ARN).sid("deny-based-on-archive-age").principal("*")
                .when("NumericLessThan", keySpelling, days));
    }

    @ParameterizedTest
    @ValueSource(strings = {"glacier:ArchiveAgeInDays", "glacier:ArchiveAgeinDays", "GLACIER:archiveageindays"})
    void youngArchiveCannotBeDeletedByRootUntilItIs365DaysOld(String keySpelling) {
        String archive = upload("tax records 2025");
        lock(retention(keySpelling, "365"));

        String message = ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteArchive", ARN);
        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException", message);
        assertArchiveCount(1);

        // Age is whole days: 364 days 23 hours is still 364.
        server.clock().advance(Duration.ofDays(364).plusHours(23));
        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException", message);
        assertArchiveCount(1);

        server.clock().advance(Duration.ofHours(1));
        delete(root, archive);
        assertArchiveCount(0);
    }

    @Test
    void afterAYearOldArchivesGoButNewOnesStayProtected() {
        String old = upload("old");
        lock(retention("glacier:ArchiveAgeInDays", "365"));
        server.clock().advance(Duration.ofDays(366));
        String young = upload("young");

        ExpectedError.of(() -> delete(root, young), 403, "AccessDeniedException");
        delete(root, old);
        assertArchiveCount(1);
    }

    @Test
    void numericPolicyValueWorksLikeTheString() {
        String archive = upload("a");
        String policy = retention("glacier:ArchiveAgeInDays", "365").replace("\"365\"", "365");
        assertThat(policy).contains(":365}");
        lock(policy);

        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException");
        server.clock().advance(Duration.ofDays(365));
        delete(root, archive);
    }

    @Test
    void allowInTheAccessPolicyCannotOverrideTheLockedDeny() {
        String archive = upload("a");
        lock(retention("glacier:ArchiveAgeInDays", "365"));
        root.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT).policy(VaultAccessPolicy.builder()
                .policy(PolicyJson.of(
                        allow("glacier:DeleteArchive", ARN).principal("*"),
                        allow("glacier:*", ARN).principal(rootArn(OTHER)),
                        allow("glacier:*", ARN).principal(userArn(OWNER, "admin")))).build()));

        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteArchive", ARN));
        ExpectedError.of(() -> delete(clients.as(ADMIN_KEY), archive), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(userArn(OWNER, "admin"), "DeleteArchive", ARN));
        ExpectedError.of(() -> clients.as(OTHER_ROOT).deleteArchive(b -> b.accountId(OWNER).vaultName(VAULT)
                        .archiveId(archive)), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OTHER), "DeleteArchive", ARN));
        assertArchiveCount(1);
        // The same grant does let the other account read: the Deny is narrow, the Allow is real.
        assertThat(clients.as(OTHER_ROOT).describeVault(b -> b.accountId(OWNER).vaultName(VAULT))
                .numberOfArchives()).isEqualTo(1);
    }

    @Test
    void retentionDoesNotBlockUploadsOrOtherVaults() {
        lock(retention("glacier:ArchiveAgeInDays", "365"));
        upload("more");
        root.createVault(b -> b.accountId("-").vaultName("scratch"));
        byte[] data = "temp".getBytes(StandardCharsets.UTF_8);
        String elsewhere = root.uploadArchive(b -> b.accountId("-").vaultName("scratch").checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();

        root.deleteArchive(b -> b.accountId("-").vaultName("scratch").archiveId(elsewhere));
        assertArchiveCount(1);
    }

    @Test
    void unknownArchiveIdIsNotFoundNotDenied() {
        lock(retention("glacier:ArchiveAgeInDays", "365"));
        // No archive, so no age: NumericLessThan on an absent key is false and the Deny does not apply.
        ExpectedError.of(() -> delete(root, "NoSuchArchive"), 404, "ResourceNotFoundException",
                "The archive ID was not found: NoSuchArchive");
    }
}
