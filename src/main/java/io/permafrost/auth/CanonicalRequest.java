package io.permafrost.auth;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/** The canonical request of spec 5.3, rebuilt by the server from what it received. */
record CanonicalRequest(String text) {

    /** Empty when a header named in SignedHeaders is absent, which can only mean a mismatch. */
    static Optional<CanonicalRequest> of(SignedRequest request, AuthorizationHeader authorization,
                                         String payloadHash) {
        List<String> signedHeaders = authorization.signedHeaderNames();
        return CanonicalHeaders.of(request, signedHeaders).map(headers -> new CanonicalRequest(
                request.method() + '\n'
                        + CanonicalUri.of(request.rawPath()) + '\n'
                        + CanonicalQuery.of(request.rawQuery()) + '\n'
                        + headers + '\n'
                        + authorization.signedHeaders() + '\n'
                        + payloadHash));
    }

    /** The text with the session token masked: it is a credential and must not reach the logs. */
    String loggable() {
        return text.replaceAll("(?m)^(x-amz-security-token:).*$", "$1<redacted>");
    }

    String hashHex() {
        return PayloadHash.of(text.getBytes(StandardCharsets.UTF_8));
    }
}
