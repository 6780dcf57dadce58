package io.permafrost.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.permafrost.glacier.Caller;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The CreateVault example of the Glacier developer guide (spec 5.7), reproduced exactly. */
class SigV4TestVectorTest {
    private static final Instant SIGNED_AT = Instant.parse("2012-05-25T00:24:53Z");
    private static final String SIGNATURE = "3ce5b2f2fffac9262b4da9256f8d086b4aaf42eba5f111c21681a65a127b7c2a";
    private static final Caller ROOT = Caller.root("012345678901");

    private static SignedRequest createVault(String signature) {
        return new SignedRequest("PUT", "/-/vaults/examplevault", null, Map.of(
                "Host", List.of("glacier.us-east-1.amazonaws.com"),
                "x-amz-date", List.of("20120525T002453Z"),
                "x-amz-glacier-version", List.of("2012-06-01"),
                "Authorization", List.of("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20120525/us-east-1/glacier/"
                        + "aws4_request,SignedHeaders=host;x-amz-date;x-amz-glacier-version,Signature=" + signature)));
    }

    private static SigV4Verifier verifier() {
        CredentialStore store = new InMemoryCredentialStore(List.of(Credential.permanent(
                "AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ROOT)));
        return new SigV4Verifier(store, "us-east-1", Clock.fixed(SIGNED_AT, ZoneOffset.UTC), Duration.ofMinutes(15));
    }

    @Test
    void canonicalRequestMatchesTheGuide() {
        AuthorizationHeader authorization = AuthorizationHeader.parse(
                createVault(SIGNATURE).firstHeader("authorization").orElseThrow());
        CanonicalRequest canonical = CanonicalRequest.of(createVault(SIGNATURE), authorization, PayloadHash.EMPTY)
                .orElseThrow();

        assertThat(canonical.text()).isEqualTo("""
                PUT
                /-/vaults/examplevault

                host:glacier.us-east-1.amazonaws.com
                x-amz-date:20120525T002453Z
                x-amz-glacier-version:2012-06-01

                host;x-amz-date;x-amz-glacier-version
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(canonical.hashHex())
                .isEqualTo("5f1da1a2d0feb614dd03d71e87928b8e449ac87614479332aced3a701f916743");
    }

    @Test
    void signatureOfTheGuideVerifiesAndYieldsTheCaller() {
        assertThat(verifier().verify(createVault(SIGNATURE), PayloadHash.EMPTY)).isEqualTo(ROOT);
    }

    @Test
    void theGuideSignatureIsWhatTheKeyDerivationProduces() {
        byte[] key = SigningKeyCache.derive("wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20120525", "us-east-1");
        String stringToSign = "AWS4-HMAC-SHA256\n20120525T002453Z\n20120525/us-east-1/glacier/aws4_request\n"
                + "5f1da1a2d0feb614dd03d71e87928b8e449ac87614479332aced3a701f916743";

        assertThat(PayloadHash.hex(HmacSha256.mac(key, stringToSign))).isEqualTo(SIGNATURE);
    }
}
