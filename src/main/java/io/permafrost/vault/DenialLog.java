package io.permafrost.vault;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.Operation;
import io.permafrost.policy.DecidingStatement;
import io.permafrost.policy.PolicyKind;
import io.permafrost.policy.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The server-log line of each refusal by the gate: who, what, on which resource, and which statement
 * of which policy decided. The client's message stays AWS's, which never names the statement; this
 * line is where an operator learns why (under its own logger name, so it can be routed or silenced).
 */
final class DenialLog {
    static final String LOGGER = "io.permafrost.denials";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);

    private DenialLog() {
    }

    /**
     * @param resourcePolicyKinds what each resource policy passed to the evaluator was, in order
     *                            ("vault access policy", "vault lock policy")
     */
    static void denied(Caller caller, Operation operation, String resourceArn, Verdict verdict,
                       List<String> resourcePolicyKinds) {
        LOG.info("access denied: operation={} resource={} principal={} decision={}", operation.iamAction(),
                resourceArn, caller.arn(), decidedBy(verdict, resourcePolicyKinds));
    }

    private static String decidedBy(Verdict verdict, List<String> resourcePolicyKinds) {
        String statement = statement(verdict, resourcePolicyKinds);
        return statement == null ? "implicit deny (no statement of any policy allows it)"
                : "explicit deny by " + statement;
    }

    /**
     * The policy and statement that decided ({@code vault lock policy (Locked) Sid "deny-delete"}), as the
     * denial log and the audit record name it; null when no single statement decided.
     */
    static String statement(Verdict verdict, List<String> resourcePolicyKinds) {
        DecidingStatement statement = verdict.decidingStatement();
        if (statement == null) {
            return null;
        }
        String policy = statement.kind() == PolicyKind.IDENTITY
                ? "identity policy #" + statement.policyIndex() + " of the caller"
                : resourcePolicyKinds.get(statement.policyIndex());
        return policy + " " + statement.name();
    }
}
