package io.permafrost.auth;

import io.permafrost.glacier.Caller;
import java.time.Instant;
import java.util.Objects;

/**
 * One access key: its secret, the principal it authenticates as, and, for temporary credentials,
 * the session token the request must carry and the instant the key stops working.
 *
 * @param accessKeyId the public key id clients put in the credential scope
 * @param secretAccessKey the shared secret the signing key is derived from
 * @param caller the principal requests signed with this key act as
 * @param sessionToken the required {@code x-amz-security-token}, or null for long-term keys
 * @param expiresAt when temporary credentials expire, or null if they never do
 */
public record Credential(String accessKeyId, String secretAccessKey, Caller caller,
                         String sessionToken, Instant expiresAt) {

    public Credential {
        Objects.requireNonNull(accessKeyId, "accessKeyId");
        Objects.requireNonNull(secretAccessKey, "secretAccessKey");
        Objects.requireNonNull(caller, "caller");
        if (accessKeyId.isEmpty()) {
            throw new IllegalArgumentException("accessKeyId must not be empty");
        }
    }

    /** A long-term key: no session token, no expiry. */
    public static Credential permanent(String accessKeyId, String secretAccessKey, Caller caller) {
        return new Credential(accessKeyId, secretAccessKey, caller, null, null);
    }

    /** Secrets are redacted because records print every component and credentials end up in logs. */
    @Override
    public String toString() {
        return "Credential[accessKeyId=" + accessKeyId + ", caller=" + caller.arn()
                + ", sessionToken=" + (sessionToken == null ? "none" : "***")
                + ", expiresAt=" + expiresAt + "]";
    }
}
