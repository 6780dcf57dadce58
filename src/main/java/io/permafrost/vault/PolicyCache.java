package io.permafrost.vault;

import io.permafrost.policy.Policy;
import io.permafrost.policy.PolicyKind;
import io.permafrost.policy.PolicyParser;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed forms of stored policy documents, so the gate does not re-parse a vault's policies on
 * every request. Unparseable stored documents become fail-closed policies (deny everything).
 */
final class PolicyCache {
    private static final int MAX_ENTRIES = 10_000;

    private record Key(PolicyKind kind, String document) {
    }

    private final Map<Key, Policy> parsed = new ConcurrentHashMap<>();

    Policy get(String document, PolicyKind kind) {
        Key key = new Key(kind, document);
        Policy policy = parsed.get(key);
        if (policy == null) {
            if (parsed.size() >= MAX_ENTRIES) {
                // Crude but bounded: policies are few in practice, and a miss only costs a parse.
                parsed.clear();
            }
            policy = PolicyParser.parseStoredFailClosed(document, kind);
            parsed.put(key, policy);
        }
        return policy;
    }
}
