package io.permafrost.http.console;

import io.permafrost.glacier.Caller;
import io.permafrost.vault.AccessPolicyService;
import io.permafrost.vault.AccessSimulator;
import io.permafrost.vault.ArchiveService;
import io.permafrost.vault.JobService;
import io.permafrost.vault.MultipartService;
import io.permafrost.vault.NotificationService;
import io.permafrost.vault.TagService;
import io.permafrost.vault.VaultLockService;
import io.permafrost.vault.VaultService;

import java.util.List;

/**
 * The domain services the console calls, the same instances the API's routes call, so the same gate
 * decides every console action.
 *
 * @param principals the identities the server knows, offered by the policy simulator
 * @param region the server's region, for the vault ARNs of generated lock policies
 */
public record ConsoleServices(VaultService vaults, ArchiveService archives, MultipartService uploads,
                              VaultLockService locks, AccessPolicyService accessPolicies, TagService tags,
                              NotificationService notifications, JobService jobs, AccessSimulator simulator,
                              List<Caller> principals, String region) {
    public ConsoleServices {
        principals = List.copyOf(principals);
    }
}
