package io.permafrost.store;

import io.permafrost.testing.ConcurrentCalls;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link AccountStore} must do: admissions against a limit stay atomic under concurrency. */
public abstract class AccountStoreContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final int ROUNDS = 20;

    protected abstract MetadataStore metadata();

    @Test
    void ofTwoRetrievalsRacingForTheLastFreeBytesExactlyOneIsRecorded() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String account = String.format("%012d", round);
            AccountStore accounts = metadata().accounts();
            // A limit of 10 bytes in the window: each asks for 6, so only one fits.
            List<Boolean> recorded = ConcurrentCalls.race(
                    () -> accounts.recordRetrievalIf(account, "Standard", T0, 6, T0.minusSeconds(3600),
                            totals -> totals.bytes() + 6 <= 10),
                    () -> accounts.recordRetrievalIf(account, "Standard", T0, 6, T0.minusSeconds(3600),
                            totals -> totals.bytes() + 6 <= 10));
            assertThat(recorded).as("round %d", round).containsExactlyInAnyOrder(true, false);
        }
    }

    @Test
    void ofTwoCapacityUnitsRacingForTheLastSlotExactlyOneIsAdded() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String account = String.format("9%011d", round);
            AccountStore accounts = metadata().accounts();
            String prefix = "c" + round + "-";
            List<Boolean> added = ConcurrentCalls.race(
                    () -> accounts.addCapacity(account, new CapacityRecord(prefix + "a", T0, T0.plusSeconds(86400)), 1),
                    () -> accounts.addCapacity(account, new CapacityRecord(prefix + "b", T0, T0.plusSeconds(86400)), 1));
            assertThat(added).as("round %d", round).containsExactlyInAnyOrder(true, false);
            assertThat(accounts.activeCapacity(account, T0)).hasSize(1);
        }
    }

    @Test
    void theRetrievalPolicyIsStoredPerAccount() {
        metadata().accounts().setRetrievalPolicy("111122223333", new RetrievalPolicyRecord("BytesPerHour", 1024L));
        assertThat(metadata().accounts().retrievalPolicy("111122223333"))
                .contains(new RetrievalPolicyRecord("BytesPerHour", 1024L));
        assertThat(metadata().accounts().retrievalPolicy("444455556666")).isEmpty();
    }
}
