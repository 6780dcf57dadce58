package io.permafrost.auth;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import java.util.ArrayList;
import java.util.List;

/**
 * The parsed {@code Authorization} header (spec 5.1). Components may come in any order, separated by
 * commas with or without spaces, because the guide's examples and the SDKs differ on that.
 *
 * @param raw the header value as received, echoed in error messages the way AWS does
 * @param credential the {@code Credential=} value, {@code AKID/date/region/service/terminator}
 * @param signedHeaders the {@code SignedHeaders=} value exactly as sent
 * @param signature the {@code Signature=} value
 */
record AuthorizationHeader(String raw, String credential, String signedHeaders, String signature) {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";

    static AuthorizationHeader parse(String raw) {
        String value = raw.strip();
        int space = indexOfWhitespace(value);
        String algorithm = space < 0 ? value : value.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            throw incomplete("Authorization header requires '" + ALGORITHM + "' algorithm, not '"
                    + algorithm + "'. Authorization=" + raw);
        }
        String credential = null;
        String signedHeaders = null;
        String signature = null;
        String components = space < 0 ? "" : value.substring(space);
        for (String part : components.split(",")) {
            int eq = part.indexOf('=');
            if (eq < 0) {
                continue;
            }
            String name = part.substring(0, eq).strip();
            String componentValue = part.substring(eq + 1).strip();
            switch (name) {
                case "Credential" -> credential = once(credential, componentValue, name, raw);
                case "SignedHeaders" -> signedHeaders = once(signedHeaders, componentValue, name, raw);
                case "Signature" -> signature = once(signature, componentValue, name, raw);
                default -> {
                    // Unknown components are ignored, as AWS does; only the three below matter.
                }
            }
        }
        StringBuilder missing = new StringBuilder();
        requirePresent(credential, "Credential", missing);
        requirePresent(signedHeaders, "SignedHeaders", missing);
        requirePresent(signature, "Signature", missing);
        if (missing.length() > 0) {
            throw incomplete(missing + "Authorization=" + raw);
        }
        return new AuthorizationHeader(raw, credential, signedHeaders, signature);
    }

    List<String> signedHeaderNames() {
        List<String> names = new ArrayList<>();
        for (String name : signedHeaders.split(";")) {
            if (!name.isEmpty()) {
                names.add(name);
            }
        }
        return names;
    }

    /** Without a signed Host a signature could be replayed against any endpoint. */
    boolean signsHost() {
        return signs("host");
    }

    /** Whether the header of this name is covered by the signature. */
    boolean signs(String headerName) {
        return signedHeaderNames().stream().anyMatch(headerName::equalsIgnoreCase);
    }

    private static String once(String existing, String value, String name, String raw) {
        if (existing != null) {
            throw incomplete("Authorization header has duplicate '" + name + "' parameter. Authorization=" + raw);
        }
        return value;
    }

    private static void requirePresent(String value, String name, StringBuilder missing) {
        if (value == null || value.isEmpty()) {
            missing.append("Authorization header requires '").append(name).append("' parameter. ");
        }
    }

    private static int indexOfWhitespace(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isWhitespace(value.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static GlacierException incomplete(String message) {
        return new GlacierException(ErrorCode.INCOMPLETE_SIGNATURE, message);
    }
}
