package io.permafrost.cli;

import io.permafrost.store.LockRecord;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps a data directory bound to the identity its stored policies were written for. Whatever an
 * operator configures later, a Locked policy must keep binding the vault it names: a start with
 * another region, with a build that spells ARNs differently, or without an account that owns vaults
 * is refused with one line naming the setting, the stored value and the new one, before anything is
 * written. A data directory without {@code identity.json} (new, or created by an earlier build) is
 * pinned to the identity of its first start.
 */
final class IdentityPin {
    private static final Logger LOG = LoggerFactory.getLogger(IdentityPin.class);
    private static final String REGION_SETTINGS = "--region, PERMAFROST_REGION or \"region\" in the config file";

    private final Path dataDir;
    private final DataDirIdentity configured;
    private final Optional<DataDirIdentity> stored;

    private IdentityPin(Path dataDir, DataDirIdentity configured, Optional<DataDirIdentity> stored) {
        this.dataDir = dataDir;
        this.configured = configured;
        this.stored = stored;
    }

    /**
     * Compares {@code DATA/identity.json} with the configured region and this build; refuses a
     * conflict. Reads only that file, so it runs before the metadata database is opened.
     */
    static IdentityPin check(Path dataDir, String region) {
        DataDirIdentity configured = DataDirIdentity.of(region);
        Optional<DataDirIdentity> stored = IdentityFile.read(dataDir);
        stored.ifPresent(pinned -> refuseConflict(dataDir, pinned, configured));
        return new IdentityPin(dataDir, configured, stored);
    }

    private static void refuseConflict(Path dataDir, DataDirIdentity pinned, DataDirIdentity configured) {
        if (!pinned.region().equals(configured.region())) {
            throw new StartupException("region " + configured.region() + " (" + REGION_SETTINGS + ") conflicts with region "
                    + pinned.region() + " that " + dataDir.toAbsolutePath() + " was created with: its vault ARNs, and so "
                    + "the Resource of every stored lock and access policy, name " + pinned.region()
                    + "; start it with region " + pinned.region());
        }
        refuseBuildDifference("vault ARNs", pinned.vaultArn(), configured.vaultArn(), dataDir);
        refuseBuildDifference("account root ARNs", pinned.rootArn(), configured.rootArn(), dataDir);
        refuseBuildDifference("user ARNs", pinned.userArn(), configured.userArn(), dataDir);
        refuseBuildDifference("aws:userid values", pinned.userId(), configured.userId(), dataDir);
    }

    /**
     * A directory without {@code identity.json} but with vaults comes from an earlier build (or lost
     * the file): each Locked policy still shows which region it was written for, and adopting a region
     * one of them does not name would switch that lock off. Each vault is held to its own lock (a
     * policy may name several regions); access policies and InProgress locks are no evidence, since
     * the owner may set them at will and so could name any region.
     */
    private void refuseAdoptionAgainstLocks(VaultStore store, List<VaultRecord> vaults) {
        for (VaultRecord vault : vaults) {
            Optional<LockRecord> lock = store.lock(vault.id()).filter(l -> l.state() == LockRecord.LockState.LOCKED);
            Set<String> regions = lock.map(l -> PolicyRegions.of(l.policy())).orElse(Set.of());
            if (!regions.isEmpty() && !regions.contains(configured.region())) {
                throw new StartupException("region " + configured.region() + " (" + REGION_SETTINGS + ") is not the region "
                        + String.join(" or ", regions) + " that stored policies in " + dataDir.toAbsolutePath()
                        + " name: the Locked policy of vault " + vault.accountId() + "/" + vault.name() + " names it, and "
                        + "the directory has no " + IdentityFile.NAME + " yet to say which region it was created with; "
                        + "start it with the region it was served in");
            }
        }
    }

    private static void refuseBuildDifference(String what, String pinned, String built, Path dataDir) {
        if (!pinned.equals(built)) {
            throw new StartupException(dataDir.toAbsolutePath() + " was created by a build that spells " + what + " as "
                    + pinned + ", this build spells them " + built + ": stored policies would stop matching; "
                    + "serve it with the build that created it");
        }
    }

    /**
     * Refuses to start when an account that owns vaults is no longer configured: its vaults (and
     * their locks) would vanish from the API without a word. Then, on a first start, pins the
     * identity. Call it with the metadata database open and before anything else writes to it.
     */
    void requireOwnersAndPin(VaultStore store, Set<String> configuredAccounts) {
        List<VaultRecord> vaults = store.all();
        Map<String, Integer> unconfiguredOwners = new TreeMap<>();
        for (VaultRecord vault : vaults) {
            if (!configuredAccounts.contains(vault.accountId())) {
                unconfiguredOwners.merge(vault.accountId(), 1, Integer::sum);
            }
        }
        if (!unconfiguredOwners.isEmpty()) {
            Map.Entry<String, Integer> first = unconfiguredOwners.entrySet().iterator().next();
            throw new StartupException("account " + first.getKey() + " owns " + first.getValue() + " vault(s) in "
                    + dataDir.toAbsolutePath() + " but is not configured"
                    + (unconfiguredOwners.size() > 1 ? " (nor are " + (unconfiguredOwners.size() - 1) + " other owner account(s))" : "")
                    + "; configure it again (PERMAFROST_ACCOUNT_ID, \"defaultAccountId\" or accounts[].id in the config file)");
        }
        if (stored.isEmpty()) {
            refuseAdoptionAgainstLocks(store, vaults);
            IdentityFile.write(dataDir, configured);
            if (vaults.isEmpty()) {
                LOG.info("{} is pinned to region {} (kept in {})", dataDir.toAbsolutePath(), configured.region(),
                        IdentityFile.NAME);
            } else {
                LOG.warn("adopted {}, created by an earlier build with {} vault(s) and no {}: pinned it to region {}, "
                                + "the region of this start; later starts with another region are refused",
                        dataDir.toAbsolutePath(), vaults.size(), IdentityFile.NAME, configured.region());
            }
        }
    }
}
