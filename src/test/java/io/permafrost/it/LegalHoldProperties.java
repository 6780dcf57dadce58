package io.permafrost.it;

import io.permafrost.glacier.NameFolding;
import io.permafrost.testing.TestServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * No sequence of tag changes lifts a Locked sticky legal hold: random adds and removes, with the hold
 * key spelled in any letter case, by the account root and by a user allowed {@code glacier:*}. After
 * every change a delete is tried (of an archive id never issued: refused with 403 while held, else 404),
 * and checked against a model of the vault's tags built from the answered changes:
 * <ul>
 *   <li>whenever the vault has a tag that is the hold key in any case with value "true" or "", deletes
 *       are refused (a look-alike key must not shadow it);</li>
 *   <li>once the vault had a hold in a spelling the policy protects, deletes stay refused for good.</li>
 * </ul>
 */
class LegalHoldProperties {
    private static final String ADMIN_KEY = "ADMINKEY";
    private static final List<String> KEYS = List.of("LegalHold", "legalhold", "LEGALHOLD", "legalHold", "Case",
            "case", "Owner");
    private static final List<String> VALUES = List.of("true", "", "false", "off");
    private static final String NEVER_ISSUED = "never-issued-archive-id";
    private static final AtomicInteger VAULTS = new AtomicInteger();

    private static TestServer server;
    private static IdentityClients clients;

    /** One answered-or-refused request: add these tags, or remove these keys, as root or as the admin user. */
    record TagChange(boolean remove, boolean asAdmin, Map<String, String> tags) {
        @Override
        public String toString() {
            return (asAdmin ? "admin " : "root ") + (remove ? "remove " + tags.keySet() : "add " + tags);
        }
    }

    @BeforeContainer
    static void startServer() throws Exception {
        server = new TestServer(Identities.with(
                Identities.user(OWNER, "admin", ADMIN_KEY, PolicyJson.of(allow("glacier:*", "*")))), c -> c);
        clients = new IdentityClients(server);
    }

    @AfterContainer
    static void stopServer() throws Exception {
        clients.close();
        server.close();
    }

    @Property(tries = 40)
    void theReadmeHoldIsNeverLifted(@ForAll("changes") List<TagChange> changes) {
        checkHoldSurvives(StickyLegalHold.IGNORING_CASE, changes);
    }

    /** The README's earlier statements (StringEquals on aws:TagKeys) protect the exact spelling LegalHold. */
    @Property(tries = 25)
    void theExactCaseHoldIsNeverLifted(@ForAll("changes") List<TagChange> changes) {
        checkHoldSurvives(StickyLegalHold.EXACT_CASE, changes);
    }

    private static void checkHoldSurvives(String tagKeysOperator, List<TagChange> changes) {
        GlacierClient root = clients.root();
        String vault = "held-" + VAULTS.incrementAndGet();
        root.createVault(b -> b.accountId("-").vaultName(vault));
        LockedVaultFixture.lock(root, vault, StickyLegalHold.policy(vaultArn(OWNER, vault), tagKeysOperator));
        String archive = LockedVaultFixture.upload(root, vault, "evidence");
        boolean protectsEverySpelling = tagKeysOperator.equals(StickyLegalHold.IGNORING_CASE);

        Map<String, String> model = new LinkedHashMap<>();
        boolean holdPlaced = false;
        List<TagChange> done = new ArrayList<>();
        for (TagChange change : changes) {
            done.add(change);
            if (apply(change, vault)) {
                if (change.remove()) {
                    change.tags().keySet().forEach(model::remove);
                } else {
                    model.putAll(change.tags());
                }
            }
            holdPlaced |= model.entrySet().stream().anyMatch(tag -> isHold(tag) &&
                    (protectsEverySpelling || tag.getKey().equals("LegalHold")));
            boolean mustHold = holdPlaced || model.entrySet().stream().anyMatch(LegalHoldProperties::isHold);
            int status = deleteStatus(root, vault, NEVER_ISSUED);
            assertThat(status).as("delete after %s with tags %s", done, model).isEqualTo(mustHold ? 403 : 404);
        }
        assertThat(root.listTagsForVault(b -> b.accountId("-").vaultName(vault)).tags())
                .as("tags after %s", done).isEqualTo(model);
        if (holdPlaced) {
            assertThat(deleteStatus(clients.as(ADMIN_KEY), vault, archive)).isEqualTo(403);
        }
    }

    private static boolean isHold(Map.Entry<String, String> tag) {
        return NameFolding.sameName(tag.getKey(), "LegalHold") && (tag.getValue().equals("true") || tag.getValue().isEmpty());
    }

    /** Sends the change; true when it was answered 204, false when refused (never a server error). */
    private static boolean apply(TagChange change, String vault) {
        GlacierClient client = change.asAdmin() ? clients.as(ADMIN_KEY) : clients.root();
        try {
            if (change.remove()) {
                client.removeTagsFromVault(b -> b.accountId("-").vaultName(vault).tagKeys(change.tags().keySet()));
            } else {
                client.addTagsToVault(b -> b.accountId("-").vaultName(vault).tags(change.tags()));
            }
            return true;
        } catch (AwsServiceException e) {
            assertThat(e.statusCode()).as("refusal of %s: %s", change, e.getMessage()).isIn(400, 403);
            return false;
        }
    }

    private static int deleteStatus(GlacierClient client, String vault, String archiveId) {
        try {
            client.deleteArchive(b -> b.accountId("-").vaultName(vault).archiveId(archiveId));
            return 204;
        } catch (AwsServiceException e) {
            return e.statusCode();
        }
    }

    @Provide
    Arbitrary<List<TagChange>> changes() {
        Arbitrary<Map<String, String>> tags = Arbitraries.maps(Arbitraries.of(KEYS), Arbitraries.of(VALUES))
                .ofMinSize(1).ofMaxSize(3);
        // Twice as many adds as removes: a hold has to be placed before there is anything to lift.
        Arbitrary<Boolean> remove = Arbitraries.frequency(Tuple.of(1, true), Tuple.of(2, false));
        Arbitrary<TagChange> change = Combinators.combine(remove, Arbitraries.of(true, false), tags).as(TagChange::new);
        return change.list().ofMinSize(1).ofMaxSize(10);
    }
}
