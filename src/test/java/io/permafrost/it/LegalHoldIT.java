package io.permafrost.it;

import io.permafrost.testing.EmbeddedOnly;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.rootArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/** Legal hold by vault tag (spec 15.6): glacier:ResourceTag/LegalHold in a lock policy freezes deletes. */
class LegalHoldIT extends LockedVaultFixture {
    private static final String VAULT = "litigation";
    private static final String ARN = vaultArn(OWNER, VAULT);

    /** The guide's pattern: deny deletes while the tag exists with value "true" or empty. */
    private static final PolicyJson.Statement HOLD = deny("glacier:DeleteArchive", ARN).sid("legal-hold").principal("*")
            .when("StringLike", "glacier:ResourceTag/LegalHold", "true", "");

    LegalHoldIT() {
        super(VAULT);
    }

    @Test
    void tagFreezesDeletesAndRemovingItLiftsTheHold() {
        lock(PolicyJson.of(HOLD));
        String first = upload("a");
        String second = upload("b");

        delete(root, first);

        tag(Map.of("LegalHold", "true"));
        String message = ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteArchive", ARN);
        ExpectedError.of(() -> delete(root, second), 403, "AccessDeniedException", message);
        ExpectedError.of(() -> delete(clients.as(ADMIN_KEY), second), 403, "AccessDeniedException");
        assertArchiveCount(1);

        root.removeTagsFromVault(b -> b.accountId("-").vaultName(VAULT).tagKeys("LegalHold"));
        delete(root, second);
        assertArchiveCount(0);
    }

    @Test
    void emptyTagValueAlsoHolds() {
        lock(PolicyJson.of(HOLD));
        String archive = upload("a");

        tag(Map.of("LegalHold", ""));
        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException");

        tag(Map.of("LegalHold", "false"));
        delete(root, archive);
    }

    @Test
    void otherTagsDoNotHold() {
        lock(PolicyJson.of(HOLD));
        String archive = upload("a");

        tag(Map.of("Legalhold-case", "true", "Owner", "legal"));
        delete(root, archive);
    }

    @Test
    void holdWorksWhileTheLockIsStillInProgress() {
        root.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                .policy(VaultLockPolicy.builder().policy(PolicyJson.of(HOLD)).build()));
        String archive = upload("a");
        tag(Map.of("LegalHold", "true"));

        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException");
    }

    @Test
    void denyingRemovalOfTheTagMakesTheHoldStick() {
        lock(PolicyJson.of(HOLD,
                deny("glacier:RemoveTagsFromVault", ARN).sid("hold-sticks").principal("*")
                        .when("ForAnyValue:StringEquals", "aws:TagKeys", "LegalHold"),
                deny("glacier:AddTagsToVault", ARN).sid("hold-not-overwritten").principal("*")
                        .when("ForAnyValue:StringEquals", "aws:TagKeys", "LegalHold")
                        .when("StringLike", "glacier:ResourceTag/LegalHold", "true", "")));
        String archive = upload("a");
        tag(Map.of("LegalHold", "true", "Case", "4711"));

        ExpectedError.of(() -> root.removeTagsFromVault(b -> b.accountId("-").vaultName(VAULT).tagKeys("LegalHold")),
                403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "RemoveTagsFromVault", ARN));
        ExpectedError.of(() -> clients.as(ADMIN_KEY).removeTagsFromVault(b -> b.accountId("-").vaultName(VAULT)
                .tagKeys("Case", "LegalHold")), 403, "AccessDeniedException");
        // Overwriting the value would lift the hold just as well, so that is refused too.
        ExpectedError.of(() -> tag(Map.of("LegalHold", "false")), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "AddTagsToVault", ARN));

        assertThat(tags()).isEqualTo(Map.of("LegalHold", "true", "Case", "4711"));
        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException");

        // Tags unrelated to the hold stay freely changeable.
        root.removeTagsFromVault(b -> b.accountId("-").vaultName(VAULT).tagKeys("Case"));
        tag(Map.of("Owner", "legal"));
        assertThat(tags()).isEqualTo(Map.of("LegalHold", "true", "Owner", "legal"));
        assertArchiveCount(1);
    }

    /** Issue 8: a second tag "legalhold" used to shadow "LegalHold" in the condition context and lift the hold. */
    @Test
    void aKeyDifferingOnlyInCaseCannotShadowTheHold() {
        lock(StickyLegalHold.policy(ARN, StickyLegalHold.EXACT_CASE));
        String archive = upload("a");
        tag(Map.of("LegalHold", "true"));

        String refused = ExpectedError.tagKeyCaseConflict("legalhold", "the vault's tag key LegalHold");
        ExpectedError.of(() -> tag(Map.of("legalhold", "off")), 400, "InvalidParameterValueException", refused);
        ExpectedError.of(() -> tagAs(clients.as(ADMIN_KEY), Map.of("legalhold", "off")), 400,
                "InvalidParameterValueException", refused);
        // Removing is exact: the differently spelled key names no tag, and the hold stays.
        root.removeTagsFromVault(b -> b.accountId("-").vaultName(VAULT).tagKeys("legalhold"));

        assertThat(tags()).isEqualTo(Map.of("LegalHold", "true"));
        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteArchive", ARN));
        ExpectedError.of(() -> delete(clients.as(ADMIN_KEY), archive), 403, "AccessDeniedException");
        assertArchiveCount(1);
    }

    /** The other order: a look-alike tag set first used to hide the hold placed after it. */
    @Test
    void aLookAlikeKeySetBeforeTheHoldMustGoBeforeTheHoldCanBePlaced() {
        lock(StickyLegalHold.policy(ARN, StickyLegalHold.IGNORING_CASE));
        String archive = upload("a");
        tag(Map.of("legalhold", "off"));

        ExpectedError.of(() -> tag(Map.of("LegalHold", "true")), 400, "InvalidParameterValueException",
                ExpectedError.tagKeyCaseConflict("LegalHold", "the vault's tag key legalhold"));
        assertThat(tags()).isEqualTo(Map.of("legalhold", "off"));

        // Under the README's statements any spelling of the key is protected once it holds.
        tag(Map.of("legalhold", "true"));
        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException");
        ExpectedError.of(() -> root.removeTagsFromVault(b -> b.accountId("-").vaultName(VAULT).tagKeys("legalhold")),
                403, "AccessDeniedException", ExpectedError.explicitlyDenied(rootArn(OWNER), "RemoveTagsFromVault", ARN));
        ExpectedError.of(() -> tagAs(clients.as(ADMIN_KEY), Map.of("legalhold", "off")), 403, "AccessDeniedException");
        assertThat(tags()).isEqualTo(Map.of("legalhold", "true"));
        assertArchiveCount(1);
    }

    /**
     * Look-alike keys stored before the case rule existed (written straight into the metadata database,
     * as an older version could have) are all seen by the policy: one of them holding is enough.
     */
    @EmbeddedOnly("writes tag rows straight into SQLite")
    @Test
    void lookAlikeTagsStoredBeforeTheCaseRuleCannotHideAHold() throws Exception {
        lock(PolicyJson.of(HOLD));
        String archive = upload("a");
        tag(Map.of("LegalHold", "true"));
        storeTagBypassingTheService("legalhold", "off");
        storeTagBypassingTheService("LEGALHOLD", "no");
        assertThat(tags()).isEqualTo(Map.of("LegalHold", "true", "legalhold", "off", "LEGALHOLD", "no"));

        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteArchive", ARN));
        assertArchiveCount(1);
    }

    private void storeTagBypassingTheService(String key, String value) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + server.dataDir().resolve("metadata.db"));
             PreparedStatement ps = c.prepareStatement("INSERT INTO vault_tags (vault_id, tag_key, tag_value) "
                     + "SELECT id, ?, ? FROM vaults WHERE name = ?")) {
            try (Statement st = c.createStatement()) {
                st.execute("PRAGMA busy_timeout=10000");
            }
            ps.setString(1, key);
            ps.setString(2, value);
            ps.setString(3, VAULT);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        }
    }

    @Test
    void beforeTheHoldIsSetTheTagCanBeAdded() {
        lock(PolicyJson.of(HOLD,
                deny("glacier:AddTagsToVault", ARN).principal("*")
                        .when("ForAnyValue:StringEquals", "aws:TagKeys", "LegalHold")
                        .when("StringLike", "glacier:ResourceTag/LegalHold", "true", "")));

        tag(Map.of("LegalHold", "true"));
        assertThat(tags()).containsEntry("LegalHold", "true");
    }

    private void tag(Map<String, String> tags) {
        tagAs(root, tags);
    }

    private static void tagAs(GlacierClient client, Map<String, String> tags) {
        client.addTagsToVault(b -> b.accountId("-").vaultName(VAULT).tags(tags));
    }

    private Map<String, String> tags() {
        return root.listTagsForVault(b -> b.accountId("-").vaultName(VAULT)).tags();
    }
}
