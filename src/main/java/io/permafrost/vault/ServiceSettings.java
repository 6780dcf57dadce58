package io.permafrost.vault;

import java.time.Duration;

/**
 * Limits and time windows of the domain services, with AWS's values as defaults
 * (spec 22) so that tests can shorten them.
 */
public record ServiceSettings(String region, int maxVaultsPerAccount, int maxTagsPerVault, Duration lockExpiry,
                              Duration uploadIdleExpiry, Duration closedUploadRetention) {

    public static ServiceSettings defaults(String region) {
        return new ServiceSettings(region, 1000, 50, Duration.ofHours(24), Duration.ofHours(24), Duration.ofHours(24));
    }

    public ServiceSettings withLockExpiry(Duration expiry) {
        return new ServiceSettings(region, maxVaultsPerAccount, maxTagsPerVault, expiry, uploadIdleExpiry,
                closedUploadRetention);
    }
}
