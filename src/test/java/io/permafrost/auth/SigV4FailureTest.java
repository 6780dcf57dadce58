package io.permafrost.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.testing.SdkSigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;

/** Every way verification fails, with the exact error code and message a client would see. */
class SigV4FailureTest {
    private static final Instant NOW = Instant.parse("2012-05-25T00:24:53Z");
    private static final Caller ROOT = Caller.root("012345678901");
    private static final Caller TEMP = new Caller("012345678901", "arn:aws:sts::012345678901:assumed-role/r/s",
            "s", "AROAEXAMPLE:s", List.of(), false);

    private static SigV4Verifier verifierAt(Instant now, Duration skew) {
        return new SigV4Verifier(new InMemoryCredentialStore(List.of(
                Credential.permanent(SdkSigner.ACCESS_KEY, SdkSigner.SECRET, ROOT),
                new Credential("ASIAVALID", "temp-secret", TEMP, "the-token", NOW.plusSeconds(60)),
                new Credential("ASIAEXPIRED", "temp-secret", TEMP, "old-token", NOW.minusSeconds(1)))),
                "us-east-1", Clock.fixed(now, ZoneOffset.UTC), skew);
    }

    private static final SigV4Verifier VERIFIER = verifierAt(NOW, Duration.ofMinutes(15));

    private static SdkSigner.Signed signedBy(SdkSigner signer, Instant at) {
        return signer.sign(SdkSigner.glacierRequest(SdkHttpMethod.GET, "/-/vaults").build(), new byte[0], at);
    }

    private static SdkSigner.Signed listVaults() {
        return signedBy(SdkSigner.example(), NOW);
    }

    private static AbstractThrowableAssert<?, ?> assertFails(SigV4Verifier verifier, SdkSigner.Signed signed,
                                                             ErrorCode code, String message) {
        return assertThatThrownBy(() -> verifier.verify(signed.request(), signed.payloadHash()))
                .isInstanceOfSatisfying(GlacierException.class, e -> assertThat(e.errorCode()).isEqualTo(code))
                .hasMessage(message);
    }

    private static void assertFails(SdkSigner.Signed signed, ErrorCode code, String message) {
        assertFails(VERIFIER, signed, code, message);
    }

    @Nested
    class MalformedAuthorization {
        @Test
        void missingHeaderIsMissingAuthenticationToken() {
            assertFails(listVaults().withoutHeader("Authorization"),
                    ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }

        @Test
        void blankHeaderIsMissingAuthenticationToken() {
            assertFails(listVaults().withHeader("Authorization", "  "),
                    ErrorCode.MISSING_AUTHENTICATION_TOKEN, "Missing Authentication Token");
        }

        @Test
        void missingSignatureIsNamed() {
            String header = "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20120525/us-east-1/glacier/aws4_request, "
                    + "SignedHeaders=host;x-amz-date";
            assertFails(listVaults().withHeader("Authorization", header), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header requires 'Signature' parameter. Authorization=" + header);
        }

        @Test
        void everyMissingComponentIsNamed() {
            String header = "AWS4-HMAC-SHA256 Signature=";
            assertFails(listVaults().withHeader("Authorization", header), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header requires 'Credential' parameter. "
                            + "Authorization header requires 'SignedHeaders' parameter. "
                            + "Authorization header requires 'Signature' parameter. Authorization=" + header);
        }

        @Test
        void missingCommaSwallowsTheNextComponent() {
            String original = listVaults().authorization();
            String header = original.replace(", Signature=", " Signature=");
            assertFails(listVaults().withHeader("Authorization", header), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header requires 'Signature' parameter. Authorization=" + header);
        }

        @Test
        void otherAlgorithmIsRejected() {
            String header = "AWS AKIAIOSFODNN7EXAMPLE:frJIUN8DYpKDtOLCwo//yllqDzg=";
            assertFails(listVaults().withHeader("Authorization", header), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header requires 'AWS4-HMAC-SHA256' algorithm, not 'AWS'. Authorization=" + header);
        }

        @Test
        void algorithmAloneIsIncomplete() {
            assertFails(listVaults().withHeader("Authorization", "AWS4-HMAC-SHA256"), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header requires 'Credential' parameter. "
                            + "Authorization header requires 'SignedHeaders' parameter. "
                            + "Authorization header requires 'Signature' parameter. Authorization=AWS4-HMAC-SHA256");
        }

        @Test
        void duplicateComponentIsRejected() {
            String header = listVaults().authorization() + ", Signature=00";
            assertFails(listVaults().withHeader("Authorization", header), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header has duplicate 'Signature' parameter. Authorization=" + header);
        }

        @Test
        void credentialWithoutFiveElementsIsIncomplete() {
            String header = listVaults().authorization().replace("/glacier/aws4_request", "/glacier");
            assertFails(listVaults().withHeader("Authorization", header), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                            + "got 'AKIAIOSFODNN7EXAMPLE/20120525/us-east-1/glacier'");
        }
    }

    @Nested
    class Keys {
        @Test
        void unknownAccessKey() {
            assertFails(signedBy(SdkSigner.withKey("AKIAUNKNOWN", SdkSigner.SECRET), NOW),
                    ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
        }

        @Test
        void wrongSecretIsASignatureMismatch() {
            assertFails(signedBy(SdkSigner.withKey(SdkSigner.ACCESS_KEY, "not-the-secret"), NOW),
                    ErrorCode.INVALID_SIGNATURE, SigV4Verifier.SIGNATURE_MISMATCH);
        }

        @Test
        void temporaryKeyWithoutItsToken() {
            assertFails(signedBy(SdkSigner.withKey("ASIAVALID", "temp-secret"), NOW),
                    ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
        }

        @Test
        void temporaryKeyWithAnotherToken() {
            assertFails(signedBy(SdkSigner.withSession("ASIAVALID", "temp-secret", "the-tokeN"), NOW),
                    ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
        }

        @Test
        void temporaryKeyWithItsTokenVerifies() {
            SdkSigner.Signed signed = signedBy(SdkSigner.withSession("ASIAVALID", "temp-secret", "the-token"), NOW);
            assertThat(VERIFIER.verify(signed.request(), signed.payloadHash())).isEqualTo(TEMP);
        }

        @Test
        void expiredTemporaryKey() {
            assertFails(signedBy(SdkSigner.withSession("ASIAEXPIRED", "temp-secret", "old-token"), NOW),
                    ErrorCode.EXPIRED_TOKEN, "The security token included in the request is expired");
        }

        /** A token outside the signature could be swapped in transit; AWS requires it signed. */
        @Test
        void temporaryKeyWithItsTokenUnsigned() {
            SdkSigner.Signed signed = signedBy(SdkSigner.withKey("ASIAVALID", "temp-secret"), NOW)
                    .withHeader("x-amz-security-token", "the-token");
            assertFails(signed, ErrorCode.INVALID_SIGNATURE,
                    "'x-amz-security-token' must be a 'SignedHeader' in the AWS Authorization.");
        }

        @Test
        void tokenIsNotAcceptedForALongTermKey() {
            assertFails(signedBy(SdkSigner.withSession(SdkSigner.ACCESS_KEY, SdkSigner.SECRET, "any"), NOW),
                    ErrorCode.UNRECOGNIZED_CLIENT, "The security token included in the request is invalid.");
        }
    }

    @Nested
    class Scope {
        @Test
        void otherRegion() {
            assertFails(signedBy(SdkSigner.example().region("eu-west-1"), NOW), ErrorCode.INVALID_SIGNATURE,
                    "Credential should be scoped to a valid region, not 'eu-west-1'. ");
        }

        @Test
        void otherService() {
            assertFails(signedBy(SdkSigner.example().service("s3"), NOW), ErrorCode.INVALID_SIGNATURE,
                    "Credential should be scoped to correct service: 'glacier'. ");
        }

        @Test
        void otherTerminator() {
            SdkSigner.Signed signed = listVaults();
            assertFails(signed.withHeader("Authorization", signed.authorization().replace("/aws4_request", "/aws5_request")),
                    ErrorCode.INVALID_SIGNATURE,
                    "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. ");
        }

        @Test
        void scopeDateOtherThanTheRequestDate() {
            Instant now = Instant.parse("2012-05-25T00:00:30Z");
            SdkSigner.Signed signed = signedBy(SdkSigner.example(), now).withHeader("x-amz-date", "20120524T235959Z");
            assertFails(verifierAt(now, Duration.ofMinutes(15)), signed, ErrorCode.INVALID_SIGNATURE,
                    "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                            + "'20120525' != '20120524', from '20120524T235959Z'.");
        }

        @Test
        void hostMustBeSigned() {
            SdkSigner.Signed signed = listVaults();
            String header = signed.authorization().replace("SignedHeaders=host;", "SignedHeaders=");
            assertThat(header).doesNotContain("host");
            assertFails(signed.withHeader("Authorization", header), ErrorCode.INVALID_SIGNATURE,
                    "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
    }

    @Nested
    class Timestamp {
        @Test
        void neitherXAmzDateNorDate() {
            SdkSigner.Signed signed = listVaults().withoutHeader("x-amz-date");
            assertFails(signed, ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                            + "Authorization=" + signed.authorization());
        }

        @Test
        void rfc1123DateIsNotUsableForSigning() {
            SdkSigner.Signed signed = listVaults().withoutHeader("x-amz-date")
                    .withHeader("Date", "Fri, 25 May 2012 00:24:53 GMT");
            assertFails(signed, ErrorCode.INCOMPLETE_SIGNATURE,
                    "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. "
                            + "Authorization=" + signed.authorization());
        }

        @Test
        void malformedXAmzDate() {
            assertFails(listVaults().withHeader("x-amz-date", "20121325T002453Z"), ErrorCode.INCOMPLETE_SIGNATURE,
                    "Date must be in ISO-8601 'basic format'. Got '20121325T002453Z'. "
                            + "See http://en.wikipedia.org/wiki/ISO_8601");
        }

        @Test
        void isoBasicDateHeaderIsUsedWhenXAmzDateIsAbsent() throws Exception {
            // Hand-computed, independently of the code under test: the SDK always adds x-amz-date.
            String canonical = "GET\n/-/vaults\n\nhost:glacier.us-east-1.amazonaws.com\ndate:20120525T002453Z\n\n"
                    + "host;date\n" + PayloadHash.EMPTY;
            String signature = handSign(canonical, "20120525T002453Z");
            SignedRequest request = new SignedRequest("GET", "/-/vaults", "", Map.of(
                    "Host", List.of("glacier.us-east-1.amazonaws.com"),
                    "Date", List.of("20120525T002453Z"),
                    "Authorization", List.of("AWS4-HMAC-SHA256 Credential=" + SdkSigner.ACCESS_KEY
                            + "/20120525/us-east-1/glacier/aws4_request, SignedHeaders=host;date, Signature=" + signature)));

            assertThat(VERIFIER.verify(request, PayloadHash.EMPTY)).isEqualTo(ROOT);
        }

        @Test
        void xAmzDateOverridesDate() {
            SdkSigner.Signed signed = listVaults().withHeader("Date", "20990101T000000Z");
            assertThat(VERIFIER.verify(signed.request(), signed.payloadHash())).isEqualTo(ROOT);
        }

        @Test
        void justInsideThePastEdge() {
            SdkSigner.Signed signed = signedBy(SdkSigner.example(), NOW.minus(Duration.ofMinutes(15)));
            assertThat(VERIFIER.verify(signed.request(), signed.payloadHash())).isEqualTo(ROOT);
        }

        @Test
        void justOutsideThePastEdge() {
            SdkSigner.Signed signed = signedBy(SdkSigner.example(), NOW.minus(Duration.ofMinutes(15)).minusSeconds(1));
            assertFails(signed, ErrorCode.INVALID_SIGNATURE, "Signature expired: 20120525T000952Z is now earlier "
                    + "than 20120525T000953Z (20120525T002453Z - 15 min.)");
        }

        @Test
        void justInsideTheFutureEdge() {
            SdkSigner.Signed signed = signedBy(SdkSigner.example(), NOW.plus(Duration.ofMinutes(15)));
            assertThat(VERIFIER.verify(signed.request(), signed.payloadHash())).isEqualTo(ROOT);
        }

        @Test
        void justOutsideTheFutureEdge() {
            SdkSigner.Signed signed = signedBy(SdkSigner.example(), NOW.plus(Duration.ofMinutes(15)).plusSeconds(1));
            assertFails(signed, ErrorCode.INVALID_SIGNATURE, "Signature not yet current: 20120525T003954Z is still "
                    + "later than 20120525T003953Z (20120525T002453Z + 15 min.)");
        }

        @Test
        void windowMinutesComeFromTheConfiguredSkew() {
            SdkSigner.Signed signed = signedBy(SdkSigner.example(), NOW.minus(Duration.ofMinutes(6)));
            assertFails(verifierAt(NOW.plusMillis(999), Duration.ofMinutes(5)), signed, ErrorCode.INVALID_SIGNATURE,
                    "Signature expired: 20120525T001853Z is now earlier than 20120525T001953Z "
                            + "(20120525T002453Z - 5 min.)");
        }
    }

    private static String handSign(String canonicalRequest, String timestamp) throws Exception {
        HexFormat hex = HexFormat.of();
        String hash = hex.formatHex(MessageDigest.getInstance("SHA-256")
                .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        String stringToSign = "AWS4-HMAC-SHA256\n" + timestamp + "\n20120525/us-east-1/glacier/aws4_request\n" + hash;
        byte[] key = ("AWS4" + SdkSigner.SECRET).getBytes(StandardCharsets.UTF_8);
        for (String step : List.of("20120525", "us-east-1", "glacier", "aws4_request", stringToSign)) {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            key = mac.doFinal(step.getBytes(StandardCharsets.UTF_8));
        }
        return hex.formatHex(key);
    }
}
