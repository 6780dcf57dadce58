package io.permafrost.auth;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

/**
 * The {@code Credential=} component: {@code AKID/yyyymmdd/region/service/aws4_request}.
 * The scope binds a signature to one day, one region and one service.
 */
record CredentialScope(String accessKeyId, String date, String region, String service, String terminator) {
    static final String SERVICE = "glacier";
    static final String TERMINATOR = "aws4_request";

    static CredentialScope parse(String credential) {
        String[] parts = credential.split("/", -1);
        if (parts.length != 5) {
            throw new GlacierException(ErrorCode.INCOMPLETE_SIGNATURE,
                    "Credential must have exactly 5 slash-delimited elements, "
                            + "e.g. keyid/date/region/service/term, got '" + credential + "'");
        }
        return new CredentialScope(parts[0], parts[1], parts[2], parts[3], parts[4]);
    }

    /** The scope as it appears in the string to sign (everything after the key id). */
    String scope() {
        return date + '/' + region + '/' + service + '/' + terminator;
    }

    /** Rejects a scope for another region, service or day than the request; messages are AWS's. */
    void requireMatches(String expectedRegion, String expectedService, RequestTimestamp timestamp) {
        if (!region.equals(expectedRegion)) {
            throw invalid("Credential should be scoped to a valid region, not '" + region + "'. ");
        }
        if (!service.equals(expectedService)) {
            throw invalid("Credential should be scoped to correct service: '" + expectedService + "'. ");
        }
        if (!terminator.equals(TERMINATOR)) {
            throw invalid("Credential should be scoped with a valid terminator: '" + TERMINATOR
                    + "', not '" + terminator + "'. ");
        }
        if (!date.equals(timestamp.date())) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '"
                    + date + "' != '" + timestamp.date() + "', from '" + timestamp.text() + "'.");
        }
    }

    private static GlacierException invalid(String message) {
        return new GlacierException(ErrorCode.INVALID_SIGNATURE, message);
    }
}
