package io.permafrost.auth;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A fixed set of credentials, loaded once (from configuration or a test). */
public final class InMemoryCredentialStore implements CredentialStore {
    private final Map<String, Credential> byAccessKeyId;

    public InMemoryCredentialStore(Collection<Credential> credentials) {
        Map<String, Credential> map = new HashMap<>();
        for (Credential credential : credentials) {
            // Two secrets for one key id would make authentication depend on load order.
            if (map.putIfAbsent(credential.accessKeyId(), credential) != null) {
                throw new IllegalArgumentException("duplicate access key id: " + credential.accessKeyId());
            }
        }
        this.byAccessKeyId = Map.copyOf(map);
    }

    @Override
    public Optional<Credential> find(String accessKeyId) {
        return accessKeyId == null ? Optional.empty() : Optional.ofNullable(byAccessKeyId.get(accessKeyId));
    }
}
