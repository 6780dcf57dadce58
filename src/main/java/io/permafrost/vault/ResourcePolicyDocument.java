package io.permafrost.vault;

import io.permafrost.glacier.GlacierException;
import io.permafrost.policy.PolicyKind;
import io.permafrost.policy.PolicyParser;

/** The {@code Policy} member of a vault access policy or lock policy request, checked before it is stored. */
final class ResourcePolicyDocument {
    private ResourcePolicyDocument() {
    }

    /**
     * Refuses a missing policy, and a policy that does not parse with {@code invalidMessage} (AWS's
     * sentence for that kind of policy, spec 13.1) followed by what is wrong.
     */
    static void requireValid(String policy, String invalidMessage) {
        if (policy == null) {
            throw GlacierException.missingParameter("Policy");
        }
        try {
            PolicyParser.parse(policy, PolicyKind.RESOURCE);
        } catch (GlacierException e) {
            throw GlacierException.invalidParameter(invalidMessage + " " + e.getMessage());
        }
    }
}
