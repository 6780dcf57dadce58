package io.permafrost.auth;

import java.util.Optional;

/** Looks up the credential behind an access key id; empty when the key is unknown. */
public interface CredentialStore {
    Optional<Credential> find(String accessKeyId);
}
