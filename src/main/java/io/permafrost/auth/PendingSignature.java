package io.permafrost.auth;

import io.permafrost.glacier.Caller;

import java.util.function.Consumer;

/**
 * A request whose key, scope, time and token checked out, but whose signature can only be checked
 * once the body's SHA-256 is known. The caller is claimed, not proven, until {@link #confirm} passes.
 */
public final class PendingSignature {
    private final Caller claimed;
    private final Consumer<String> signatureCheck;
    private volatile boolean confirmed;

    PendingSignature(Caller claimed, Consumer<String> signatureCheck) {
        this.claimed = claimed;
        this.signatureCheck = signatureCheck;
    }

    public Caller claimedCaller() {
        return claimed;
    }

    /** Checks the signature against the body's hash; throws InvalidSignatureException when it does not hold. */
    public Caller confirm(String payloadHashHex) {
        signatureCheck.accept(payloadHashHex);
        confirmed = true;
        return claimed;
    }

    public boolean confirmed() {
        return confirmed;
    }
}
