package io.permafrost.it;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

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
        root.addTagsToVault(b -> b.accountId("-").vaultName(VAULT).tags(tags));
    }

    private Map<String, String> tags() {
        return root.listTagsForVault(b -> b.accountId("-").vaultName(VAULT)).tags();
    }
}
