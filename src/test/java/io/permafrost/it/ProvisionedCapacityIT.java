package io.permafrost.it;

import io.permafrost.glacier.GlacierDates;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.ProvisionedCapacityDescription;
import software.amazon.awssdk.services.glacier.model.PurchaseProvisionedCapacityResponse;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;

/** PurchaseProvisionedCapacity and ListProvisionedCapacity through the SDK (spec 18). */
class ProvisionedCapacityIT {

    private static List<ProvisionedCapacityDescription> list(GlacierClient glacier) {
        return glacier.listProvisionedCapacity(b -> b.accountId("-")).provisionedCapacityList();
    }

    @Test
    void purchasedUnitsAreListedWithAMonthOfLife() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            assertThat(list(glacier)).isEmpty();
            Instant boughtAt = server.clock().instant();
            PurchaseProvisionedCapacityResponse bought = glacier.purchaseProvisionedCapacity(b -> b.accountId("-"));
            assertThat(bought.sdkHttpResponse().statusCode()).isEqualTo(201);
            assertThat(bought.capacityId()).matches("[A-Za-z0-9]{24}");

            List<ProvisionedCapacityDescription> units = list(glacier);
            assertThat(units).hasSize(1);
            ProvisionedCapacityDescription unit = units.get(0);
            assertThat(unit.capacityId()).isEqualTo(bought.capacityId());
            assertThat(unit.startDate()).isEqualTo(GlacierDates.millis(boughtAt));
            Instant expected = boughtAt.atOffset(ZoneOffset.UTC).plusMonths(1).toInstant().truncatedTo(ChronoUnit.SECONDS);
            assertThat(unit.expirationDate()).isEqualTo(GlacierDates.millis(expected)).endsWith(".000Z");

            server.restart();
            // A fresh client: the old one's pooled connection died with the server.
            assertThat(list(server.client())).extracting(ProvisionedCapacityDescription::capacityId)
                    .containsExactly(bought.capacityId());
        }
    }

    @Test
    void atMostTwoActiveUnitsAndExpiredOnesDoNotCount() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            String first = glacier.purchaseProvisionedCapacity(b -> b.accountId("-")).capacityId();
            server.clock().advance(Duration.ofDays(10));
            String second = glacier.purchaseProvisionedCapacity(b -> b.accountId("111122223333")).capacityId();
            assertThat(second).isNotEqualTo(first);
            assertGlacierError(() -> glacier.purchaseProvisionedCapacity(b -> b.accountId("-")),
                    "LimitExceededException", 400,
                    "The account already has the maximum of 2 active provisioned capacity units.");
            assertThat(list(glacier)).extracting(ProvisionedCapacityDescription::capacityId)
                    .containsExactly(first, second);

            server.clock().advance(Duration.ofDays(22)); // the first unit (bought 32 days ago) has expired
            assertThat(list(glacier)).extracting(ProvisionedCapacityDescription::capacityId).containsExactly(second);
            String third = glacier.purchaseProvisionedCapacity(b -> b.accountId("-")).capacityId();
            assertThat(list(glacier)).extracting(ProvisionedCapacityDescription::capacityId)
                    .containsExactly(second, third);

            server.clock().advance(Duration.ofDays(40));
            assertThat(list(glacier)).isEmpty();
        }
    }

    @Test
    void onlyTheCallersOwnAccountMayBeNamed() throws Exception {
        try (TestServer server = new TestServer()) {
            GlacierClient glacier = server.client();
            assertGlacierError(() -> glacier.purchaseProvisionedCapacity(b -> b.accountId("444455556666")),
                    "AccessDeniedException", 403, "Access denied for account ID: 444455556666");
            assertGlacierError(() -> glacier.listProvisionedCapacity(b -> b.accountId("444455556666")),
                    "AccessDeniedException", 403, "Access denied for account ID: 444455556666");
            assertThat(list(glacier)).isEmpty();
        }
    }
}
