package io.permafrost.it;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.deny;

/**
 * Read-your-writes for tags: once AddTagsToVault or RemoveTagsFromVault is answered, the very next
 * request is judged by the new tags. Several threads, each on its own held vault so their rounds do not
 * interfere, put a hold on and take it off over and over; the server's pooled database readers are
 * shared by all of them.
 */
class TagChangeVisibilityIT extends LockedVaultFixture {
    private static final int THREADS = 4;
    private static final int ROUNDS = 25;

    TagChangeVisibilityIT() {
        super("visibility");
    }

    @Test
    void everyAnsweredTagChangeBindsTheNextDelete() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                String name = vault + "-" + t;
                runs.add(pool.submit(() -> {
                    holdAndReleaseRepeatedly(name);
                    return null;
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private void holdAndReleaseRepeatedly(String name) {
        root.createVault(b -> b.accountId("-").vaultName(name));
        String policy = PolicyJson.of(deny("glacier:DeleteArchive", vaultArn(OWNER, name)).principal("*")
                .when("StringLike", "glacier:ResourceTag/LegalHold", "true", ""));
        lock(root, name, policy);
        for (int round = 0; round < ROUNDS; round++) {
            String archive = upload(root, name, name + " round " + round);

            root.addTagsToVault(b -> b.accountId("-").vaultName(name).tags(Map.of("LegalHold", "true")));
            ExpectedError.of(() -> root.deleteArchive(b -> b.accountId("-").vaultName(name).archiveId(archive)),
                    403, "AccessDeniedException");

            root.removeTagsFromVault(b -> b.accountId("-").vaultName(name).tagKeys("LegalHold"));
            root.deleteArchive(b -> b.accountId("-").vaultName(name).archiveId(archive));
        }
    }
}
