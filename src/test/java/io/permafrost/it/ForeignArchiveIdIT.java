package io.permafrost.it;

import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.charset.StandardCharsets;

import static io.permafrost.it.Identities.OTHER;
import static io.permafrost.it.Identities.OTHER_ROOT;
import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.vaultArn;

/**
 * An archive id is no existence oracle across accounts (spec 8.2): another account's archive id,
 * live or deleted, answers exactly as an id that was never issued. Within one account the spec's
 * "Invalid vault name" for an id of a sibling vault stays.
 */
class ForeignArchiveIdIT {
    private static TestServer server;
    private static IdentityClients clients;
    private static GlacierClient owner;
    private static GlacierClient other;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Identities.with(), c -> c);
        clients = new IdentityClients(server);
        owner = clients.root();
        other = clients.as(OTHER_ROOT);
        owner.createVault(b -> b.accountId("-").vaultName("mine"));
        owner.createVault(b -> b.accountId("-").vaultName("sibling"));
        other.createVault(b -> b.accountId("-").vaultName("theirs"));
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        server.close();
    }

    @Test
    void anotherAccountsArchiveIdAnswersAsAnUnknownIdWhileASiblingVaultsIdIsAnInvalidVaultName() {
        String theirs = upload(other, "theirs");
        String unknown = theirs.substring(0, theirs.length() - 4) + "AAAA";

        ExpectedError.of(() -> deleteFromMine(unknown), 404, "ResourceNotFoundException",
                "The archive ID was not found: " + unknown);
        ExpectedError.of(() -> deleteFromMine(theirs), 404, "ResourceNotFoundException",
                "The archive ID was not found: " + theirs);

        other.deleteArchive(b -> b.accountId("-").vaultName("theirs").archiveId(theirs));
        ExpectedError.of(() -> deleteFromMine(theirs), 404, "ResourceNotFoundException",
                "The archive ID was not found: " + theirs);

        // The account's own ids keep the spec's answer: nothing is hidden from their owner.
        String sibling = upload(owner, "sibling");
        ExpectedError.of(() -> deleteFromMine(sibling), 400, "InvalidParameterValueException",
                "Invalid vault name: " + vaultArn(OWNER, "mine"));
    }

    @Test
    void aTrustedPartnerLearnsNothingOfTheOwnersOtherVaults() {
        String policy = PolicyJson.of(PolicyJson.allow("glacier:DeleteArchive", vaultArn(OWNER, "mine")).principal(OTHER));
        owner.setVaultAccessPolicy(b -> b.accountId("-").vaultName("mine").policy(p -> p.policy(policy)));
        String sibling = upload(owner, "sibling");
        String unknown = sibling.substring(0, sibling.length() - 4) + "AAAA";

        // The partner may delete in "mine" only: an id of the owner's other vault answers as an unknown id.
        for (String id : new String[] {unknown, sibling}) {
            ExpectedError.of(() -> other.deleteArchive(b -> b.accountId(OWNER).vaultName("mine").archiveId(id)),
                    404, "ResourceNotFoundException", "The archive ID was not found: " + id);
        }
    }

    private static void deleteFromMine(String archiveId) {
        owner.deleteArchive(b -> b.accountId("-").vaultName("mine").archiveId(archiveId));
    }

    private static String upload(GlacierClient client, String vault) {
        byte[] data = ("an archive of " + vault).getBytes(StandardCharsets.UTF_8);
        return client.uploadArchive(b -> b.accountId("-").vaultName(vault).checksum(ReferenceTreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
    }
}
