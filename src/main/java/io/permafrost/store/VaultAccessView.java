package io.permafrost.store;

import java.util.Map;

/**
 * Everything the authorization gate needs about a vault, read together in one consistent snapshot:
 * the vault, its tags, its access policy (or null) and its lock record (or null).
 */
public record VaultAccessView(VaultRecord vault, Map<String, String> tags, String accessPolicy, LockRecord lock) {
    public VaultAccessView {
        tags = Map.copyOf(tags);
    }
}
