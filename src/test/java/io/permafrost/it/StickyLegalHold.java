package io.permafrost.it;

import static io.permafrost.it.PolicyJson.deny;

/**
 * The README's sticky legal hold: deny DeleteArchive while {@code LegalHold} is "true" or empty, deny
 * removing the tag and deny overwriting it while it holds. The README protects the key with
 * {@code StringEqualsIgnoreCase}; vaults locked from its earlier text use {@code StringEquals}.
 */
final class StickyLegalHold {
    static final String IGNORING_CASE = "ForAnyValue:StringEqualsIgnoreCase";
    static final String EXACT_CASE = "ForAnyValue:StringEquals";

    private StickyLegalHold() {
    }

    static PolicyJson.Statement hold(String vaultArn) {
        return deny("glacier:DeleteArchive", vaultArn).sid("legal-hold").principal("*")
                .when("StringLike", "glacier:ResourceTag/LegalHold", "true", "");
    }

    /** The three statements, with {@code tagKeysOperator} guarding {@code aws:TagKeys}. */
    static String policy(String vaultArn, String tagKeysOperator) {
        return PolicyJson.of(hold(vaultArn),
                deny("glacier:RemoveTagsFromVault", vaultArn).sid("hold-cannot-be-removed").principal("*")
                        .when(tagKeysOperator, "aws:TagKeys", "LegalHold"),
                deny("glacier:AddTagsToVault", vaultArn).sid("hold-cannot-be-overwritten").principal("*")
                        .when(tagKeysOperator, "aws:TagKeys", "LegalHold")
                        .when("StringLike", "glacier:ResourceTag/LegalHold", "true", ""));
    }
}
