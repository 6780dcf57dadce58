package io.permafrost.vault;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** A unit lasts one calendar month to the second (spec 18.1). */
class ProvisionedCapacityExpiryTest {
    private static Instant expiry(String start) {
        return ProvisionedCapacityService.expiryOf(Instant.parse(start));
    }

    @Test
    void sameDayNextMonthToTheSecond() {
        assertThat(expiry("2017-01-15T14:26:33.031Z")).isEqualTo(Instant.parse("2017-02-15T14:26:33Z"));
        assertThat(expiry("2017-12-15T00:00:00Z")).isEqualTo(Instant.parse("2018-01-15T00:00:00Z"));
    }

    @Test
    void aDayTheNextMonthLacksBecomesItsLastDay() {
        assertThat(expiry("2017-01-31T14:26:33.031Z")).isEqualTo(Instant.parse("2017-02-28T14:26:33Z"));
        assertThat(expiry("2024-01-31T10:00:00Z")).isEqualTo(Instant.parse("2024-02-29T10:00:00Z"));
        assertThat(expiry("2017-08-31T23:59:59.999Z")).isEqualTo(Instant.parse("2017-09-30T23:59:59Z"));
    }
}
