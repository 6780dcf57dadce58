package io.permafrost.auth;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request signed with AWS Signature Version 4 for the {@code glacier} service
 * (spec section 5). Checks run cheapest and least secret first: header syntax, timestamp and scope,
 * clock skew, then the access key, its session token and finally the signature itself.
 */
public final class SigV4Verifier {
    private static final Logger LOG = LoggerFactory.getLogger(SigV4Verifier.class);
    private static final int SIGNING_KEY_CACHE_SIZE = 1024;
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature "
            + "you provided. Check your AWS Secret Access Key and signing method. "
            + "Consult the service documentation for details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";
    static final String EXPIRED_TOKEN = "The security token included in the request is expired";
    private static final String AMZ_HEADER_PREFIX = "x-amz-";

    private final CredentialStore credentials;
    private final String region;
    private final Clock clock;
    private final SkewWindow skewWindow;
    private final SigningKeyCache signingKeys = new SigningKeyCache(SIGNING_KEY_CACHE_SIZE);

    public SigV4Verifier(CredentialStore credentials, String region, Clock clock, Duration allowedSkew) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.region = Objects.requireNonNull(region, "region");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skewWindow = new SkewWindow(clock, Objects.requireNonNull(allowedSkew, "allowedSkew"));
    }

    /**
     * Verifies the Authorization header of {@code request}.
     *
     * @param payloadHashHex the payload hash the client claims: the {@code x-amz-content-sha256} value
     *     when present (including {@code UNSIGNED-PAYLOAD}), else the lower-case hex SHA-256 the HTTP
     *     layer computed over the buffered body
     * @return the principal the access key belongs to
     * @throws GlacierException with the AWS error code and message when the request is not authentic
     */
    public Caller verify(SignedRequest request, String payloadHashHex) {
        Objects.requireNonNull(payloadHashHex, "payloadHashHex");
        return authenticate(request).confirm(payloadHashHex);
    }

    /**
     * Every check but the signature itself, all from the headers alone, so that a request failing one
     * of them is refused before its body is read. The caller it names is only claimed until
     * {@link PendingSignature#confirm} has succeeded.
     */
    public PendingSignature authenticate(SignedRequest request) {
        return authenticate(request, CredentialScope.SERVICE);
    }

    /**
     * As {@link #authenticate(SignedRequest)}, for a request that must be signed for {@code service}
     * ({@code sns} and {@code sqs} share the port with Glacier and the same credentials).
     */
    public PendingSignature authenticate(SignedRequest request, String service) {
        Objects.requireNonNull(request, "request");
        String rawAuthorization = request.firstHeader("Authorization")
                .filter(value -> !value.isBlank())
                .orElseThrow(() -> new GlacierException(ErrorCode.MISSING_AUTHENTICATION_TOKEN,
                        "Missing Authentication Token"));

        AuthorizationHeader authorization = AuthorizationHeader.parse(rawAuthorization);
        CredentialScope scope = CredentialScope.parse(authorization.credential());
        RequestTimestamp timestamp = RequestTimestamp.of(request, rawAuthorization);
        scope.requireMatches(region, service, timestamp);
        if (!authorization.signsHost()) {
            throw new GlacierException(ErrorCode.INVALID_SIGNATURE,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        requireAmzHeadersSigned(request, authorization);
        skewWindow.check(timestamp);

        Credential credential = credentials.find(scope.accessKeyId())
                .orElseThrow(() -> new GlacierException(ErrorCode.UNRECOGNIZED_CLIENT, INVALID_TOKEN));
        requireValidSessionToken(credential, request);
        return new PendingSignature(credential.caller(), payloadHash -> checkSignature(request, authorization, scope,
                timestamp, credential, payloadHash));
    }

    private void checkSignature(SignedRequest request, AuthorizationHeader authorization, CredentialScope scope,
                                RequestTimestamp timestamp, Credential credential, String payloadHashHex) {
        if (signatureMatches(request, authorization, scope, timestamp, credential, payloadHashHex, true)) {
            return;
        }
        // Some clients (jclouds) sign the host without the port they then send, and a proxy that rewrites
        // the port does the same: the received host without its port is the only other form accepted.
        Optional<SignedRequest> portless = withoutHostPort(request);
        if (portless.isPresent()
                && signatureMatches(portless.get(), authorization, scope, timestamp, credential, payloadHashHex, false)) {
            return;
        }
        throw mismatch();
    }

    private boolean signatureMatches(SignedRequest request, AuthorizationHeader authorization, CredentialScope scope,
                                     RequestTimestamp timestamp, Credential credential, String payloadHashHex,
                                     boolean explainMismatch) {
        Optional<CanonicalRequest> canonical = CanonicalRequest.of(request, authorization, payloadHashHex);
        if (canonical.isEmpty()) {
            LOG.debug("signed header missing from request; SignedHeaders={}", authorization.signedHeaders());
            return false;
        }
        String stringToSign = AuthorizationHeader.ALGORITHM + '\n' + timestamp.text() + '\n'
                + scope.scope() + '\n' + canonical.get().hashHex();
        byte[] signingKey = signingKeys.signingKey(credential.secretAccessKey(), scope.date(), scope.region(), scope.service());
        String expected = PayloadHash.hex(HmacSha256.mac(signingKey, stringToSign));
        boolean matches = MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                authorization.signature().getBytes(StandardCharsets.UTF_8));
        if (!matches && explainMismatch) {
            // What a client developer needs to find out which part of their signing differs.
            LOG.debug("signature mismatch for {}; canonical request:\n{}\nstring to sign:\n{}",
                    scope.accessKeyId(), canonical.get().loggable(), stringToSign);
        }
        return matches;
    }

    /**
     * The service an Authorization header's credential scope names ({@code glacier}, {@code sqs}, ...),
     * read without checking anything else: only to pick which front door verifies the request.
     */
    public static Optional<String> claimedService(String authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        int start = authorization.indexOf("Credential=");
        if (start < 0) {
            return Optional.empty();
        }
        int end = authorization.indexOf(',', start);
        String[] parts = authorization.substring(start + "Credential=".length(), end < 0 ? authorization.length() : end)
                .strip().split("/", -1);
        return parts.length == 5 ? Optional.of(parts[3]) : Optional.empty();
    }

    /** The request with its Host header stripped of a port ({@code 127.0.0.1:8700}, {@code [::1]:8700}); empty without one. */
    static Optional<SignedRequest> withoutHostPort(SignedRequest request) {
        List<String> hosts = request.header("Host");
        if (hosts.size() != 1) {
            return Optional.empty();
        }
        String host = hosts.get(0).strip();
        int colon = host.lastIndexOf(':');
        if (colon <= 0 || colon == host.length() - 1 || host.indexOf(']') > colon
                || !host.substring(colon + 1).chars().allMatch(Character::isDigit)
                || (!host.startsWith("[") && host.indexOf(':') != colon)) {
            return Optional.empty();
        }
        Map<String, List<String>> headers = new LinkedHashMap<>(request.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("Host"));
        headers.put("Host", List.of(host.substring(0, colon)));
        return Optional.of(new SignedRequest(request.method(), request.rawPath(), request.rawQuery(), headers));
    }

    /**
     * Every {@code x-amz-*} header means something (the session token, the content hash, the date, the
     * description, the tree hash, sizes): one the signature does not cover could have been added or
     * changed by anyone on the way. Every client signs all of its {@code x-amz-*} headers (botocore,
     * the Java, JS and Ruby SDKs, jclouds, mt-aws-glacier), as S3 demands of its own.
     */
    private static void requireAmzHeadersSigned(SignedRequest request, AuthorizationHeader authorization) {
        for (String name : request.headers().keySet()) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.startsWith(AMZ_HEADER_PREFIX) && !authorization.signs(lower)) {
                throw new GlacierException(ErrorCode.INVALID_SIGNATURE,
                        "'" + lower + "' must be a 'SignedHeader' in the AWS Authorization.");
            }
        }
    }

    /**
     * Temporary credentials are only valid together with their token, and only until they expire.
     * A long-term key presented with a token is refused as well: the token cannot belong to it.
     */
    private void requireValidSessionToken(Credential credential, SignedRequest request) {
        Optional<String> presented = request.firstHeader("x-amz-security-token");
        boolean tokenOk = credential.sessionToken() == null
                ? presented.isEmpty()
                : presented.isPresent() && MessageDigest.isEqual(
                        credential.sessionToken().getBytes(StandardCharsets.UTF_8),
                        presented.get().getBytes(StandardCharsets.UTF_8));
        if (!tokenOk) {
            throw new GlacierException(ErrorCode.UNRECOGNIZED_CLIENT, INVALID_TOKEN);
        }
        if (credential.expiresAt() != null && credential.expiresAt().isBefore(clock.instant())) {
            throw new GlacierException(ErrorCode.EXPIRED_TOKEN, EXPIRED_TOKEN);
        }
    }

    private static GlacierException mismatch() {
        return new GlacierException(ErrorCode.INVALID_SIGNATURE, SIGNATURE_MISMATCH);
    }
}
