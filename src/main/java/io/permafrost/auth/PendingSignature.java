package io.permafrost.auth;

import io.permafrost.glacier.Caller;

import java.util.function.Consumer;

/**
 * A request whose header syntax, key, scope, time and token checked out, but whose signature is still
 * to be checked against a payload hash: the one from {@code x-amz-content-sha256}, or for a small body
 * sent without it the body's own. The caller is claimed, not proven, until {@link #confirm} passes.
 */
public final class PendingSignature {
    private final Caller claimed;
    private final Consumer<String> signatureCheck;

    PendingSignature(Caller claimed, Consumer<String> signatureCheck) {
        this.claimed = claimed;
        this.signatureCheck = signatureCheck;
    }

    /** Checks the signature against the payload hash; throws InvalidSignatureException when it does not hold. */
    public Caller confirm(String payloadHashHex) {
        signatureCheck.accept(payloadHashHex);
        return claimed;
    }
}
