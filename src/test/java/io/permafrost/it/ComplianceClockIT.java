package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.rootArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention is counted on the compliance clock, not the system clock: setting the system clock
 * forward (what {@code faketime +400d} does) neither ages an archive nor expires a lock, setting it
 * back does not make an archive younger, and a restart resumes from the saved compliance time.
 */
class ComplianceClockIT extends LockedVaultFixture {
    private static final String VAULT = "records";
    private static final String ARN = vaultArn(OWNER, VAULT);
    private static final String DENIED = ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteArchive", ARN);

    ComplianceClockIT() {
        super(VAULT);
    }

    private static String retention365Days() {
        return PolicyJson.of(deny("glacier:DeleteArchive", ARN).sid("retention").principal("*")
                .when("NumericLessThan", "glacier:ArchiveAgeInDays", "365"));
    }

    @Test
    void aSystemClockSetForward400DaysLeavesA365DayRetentionIntact() {
        String archive = upload("ledger 2026");
        lock(retention365Days());

        server.clock().moveSystemClock(Duration.ofDays(400));

        // The client's clock agrees with the moved system clock, so the signature is still accepted.
        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException", DENIED);
        assertArchiveCount(1);
    }

    @Test
    void aSystemClockSetBackDoesNotMakeArchivesYounger() {
        String archive = upload("ledger 2026");
        lock(retention365Days());

        server.clock().moveSystemClock(Duration.ofDays(-30));
        server.clock().advance(Duration.ofDays(365));

        delete(root, archive);
        assertArchiveCount(0);
    }

    @Test
    void anInProgressLockDoesNotExpireWhenTheSystemClockIsSetForward() throws Exception {
        String lockId = root.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .policy(p -> p.policy(retention365Days()))).lockId();

        server.clock().moveSystemClock(Duration.ofDays(2));
        server.runMaintenanceNow();

        assertThat(root.getVaultLock(b -> b.accountId("-").vaultName(VAULT)).state()).isEqualTo("InProgress");
        root.completeVaultLock(b -> b.accountId("-").vaultName(VAULT).lockId(lockId));
    }

    @Test
    void aRestartUnderAMovedSystemClockResumesFromTheSavedComplianceTime() throws Exception {
        String archive = upload("ledger 2026");
        lock(retention365Days());
        server.clock().advance(Duration.ofDays(200));

        server.restartWithSystemClockMoved(Duration.ofDays(400));
        GlacierClient restarted = server.client();

        ExpectedError.of(() -> delete(restarted, archive), 403, "AccessDeniedException", DENIED);
        // 160 more days are 360, plus at most 160 * 7 / 365 = 3.07 days of catch-up: still under 365.
        server.clock().advance(Duration.ofDays(160));
        ExpectedError.of(() -> delete(restarted, archive), 403, "AccessDeniedException", DENIED);
        // 165 days and 3.16 days of catch-up make 368: old enough.
        server.clock().advance(Duration.ofDays(5));
        delete(restarted, archive);
    }

    @Test
    @EmbeddedOnly("reads DATA/compliance-clock; a cluster keeps the clock in PostgreSQL (PostgresComplianceClockRowTest)")
    void theDataDirectoryKeepsTheComplianceTime() throws Exception {
        server.clock().advance(Duration.ofDays(3));
        Instant expected = server.clock().instant();

        server.restart();

        String saved = Files.readString(server.dataDir().resolve("compliance-clock")).trim();
        assertThat(Instant.parse(saved)).isEqualTo(expected);
    }
}
