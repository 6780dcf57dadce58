package io.permafrost.http.console;

import io.permafrost.auth.Credential;
import io.permafrost.auth.CredentialStore;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import java.time.Duration;
import java.util.Optional;

/**
 * Checks an access key id and secret typed into the sign-in form against the same credential store
 * the SigV4 verifier uses, so the console knows exactly the identities the API knows. Temporary
 * credentials cannot sign in: their session token is meant for signed requests, and a console session
 * outliving their expiry would extend them.
 */
final class ConsoleSignIn {
    /** One message for an unknown key and a wrong secret, so the form does not tell which keys exist. */
    static final String REFUSED = "The access key ID or secret access key is not correct.";

    private final CredentialStore credentials;
    private final SignInThrottle throttle;

    ConsoleSignIn(CredentialStore credentials, SignInThrottle throttle) {
        this.credentials = credentials;
        this.throttle = throttle;
    }

    /** The credential signed in as; throws AccessDenied (or ThrottlingException while backing off). */
    Credential signIn(String accessKeyId, String secret, String address) {
        String key = accessKeyId == null ? "" : accessKeyId.trim();
        Optional<Duration> wait = throttle.waitBefore(key, address);
        if (wait.isPresent()) {
            throw new GlacierException(ErrorCode.THROTTLING, "Too many failed sign-ins. Try again in "
                    + Math.max(1, wait.get().toSeconds()) + " seconds.");
        }
        Optional<Credential> found = key.isEmpty() ? Optional.empty() : credentials.find(key);
        boolean matches = found.isPresent() && SessionTokens.same(found.get().secretAccessKey(), secret == null ? "" : secret);
        if (!matches || found.get().sessionToken() != null) {
            throttle.failed(key, address);
            throw GlacierException.accessDenied(matches
                    ? "Temporary credentials cannot sign in to the console; use a long-term access key." : REFUSED);
        }
        throttle.succeeded(key, address);
        return found.get();
    }
}
