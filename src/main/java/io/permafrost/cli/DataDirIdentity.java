package io.permafrost.cli;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.VaultArn;

/**
 * What the meaning of a stored policy depends on besides its own text. Lock and access policies
 * name vaults by ARN ({@code Resource}), principals by ARN and condition keys by value
 * ({@code aws:RequestedRegion}, {@code aws:userid}); if any of these changes under a stored policy,
 * its statements silently stop matching and a Locked Deny stops binding. The region comes from the
 * operator; the ARN and user id spellings come from this build and are recorded as templates so
 * that a build spelling them differently notices it.
 *
 * @param region   the region in every vault ARN and in {@code aws:RequestedRegion}
 * @param vaultArn how a vault ARN is spelled, e.g. {@code arn:aws:glacier:{region}:{account}:vaults/{vault}}
 * @param rootArn  how an account root's principal ARN is spelled
 * @param userArn  how a user's principal ARN is spelled
 * @param userId   the {@code aws:userid} of a fixed probe user, a fingerprint of how user ids are derived
 */
record DataDirIdentity(String region, String vaultArn, String rootArn, String userArn, String userId) {
    private static final String PROBE_ACCOUNT = "000000000000";
    private static final String PROBE_USER = "probe";

    /** The identity this build gives a data directory served in {@code region}. */
    static DataDirIdentity of(String region) {
        return new DataDirIdentity(region,
                new VaultArn("{region}", "{account}", "{vault}").arn(),
                Caller.root("{account}").arn(),
                AccountsFile.userArn("{account}", "{name}"),
                AccountsFile.userId(PROBE_ACCOUNT, PROBE_USER));
    }

}
