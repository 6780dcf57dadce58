package io.permafrost.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.testing.SdkSigner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.From;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Whatever the SDK signs verifies, and no single changed signature character does. */
class SigV4PropertyTest {
    private static final Instant NOW = Instant.parse("2012-05-25T00:24:53Z");
    private static final Caller ROOT = Caller.root("012345678901");
    private static final String HEX = "0123456789abcdef";

    private final SigV4Verifier verifier = new SigV4Verifier(
            new InMemoryCredentialStore(List.of(Credential.permanent(SdkSigner.ACCESS_KEY, SdkSigner.SECRET, ROOT))),
            "us-east-1", Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofMinutes(15));

    @Provide
    Arbitrary<String> segments() {
        // Reserved, unreserved, space, '%', '+', controls-free ASCII and some non-ASCII letters.
        return Arbitraries.strings()
                .withChars(" !\"#$%&'()*+,/:;<=>?@[\\]^`{|}~-._")
                .withCharRange('a', 'z').withCharRange('A', 'Z').withCharRange('0', '9')
                .withChars("äöü€中😀".toCharArray())
                .ofMinLength(1).ofMaxLength(20)
                .filter(s -> !s.equals(".") && !s.equals(".."));
    }

    @Provide
    Arbitrary<String> queryValues() {
        return Arbitraries.strings().withCharRange(' ', '~').withChars("é😀".toCharArray()).ofMaxLength(30);
    }

    @Provide
    Arbitrary<SdkHttpMethod> methods() {
        return Arbitraries.of(SdkHttpMethod.GET, SdkHttpMethod.PUT, SdkHttpMethod.POST, SdkHttpMethod.DELETE);
    }

    private SdkSigner.Signed sign(SdkHttpMethod method, List<String> pathSegments, List<String> values,
                                  String description, byte[] body) {
        StringBuilder path = new StringBuilder("/-/vaults");
        for (String segment : pathSegments) {
            // The SDK's own encoder produces the wire path, so nothing here depends on the code under test.
            path.append('/').append(SdkHttpUtils.urlEncode(segment));
        }
        SdkHttpRequest.Builder request = SdkSigner.glacierRequest(method, path.toString())
                .putHeader("x-amz-archive-description", description);
        for (int i = 0; i < values.size(); i++) {
            request.appendRawQueryParameter("p" + (i % 3), values.get(i));
        }
        return SdkSigner.example().sign(request.build(), body, NOW);
    }

    @Property(tries = 300)
    void sdkSignedRequestsVerify(@ForAll("methods") SdkHttpMethod method,
                                 @ForAll @Size(min = 1, max = 4) List<@From("segments") String> pathSegments,
                                 @ForAll @Size(max = 5) List<@From("queryValues") String> values,
                                 @ForAll("queryValues") String description,
                                 @ForAll byte[] body) {
        SdkSigner.Signed signed = sign(method, pathSegments, values, description, body);

        assertThat(verifier.verify(signed.request(), signed.payloadHash())).isEqualTo(ROOT);
    }

    @Property(tries = 300)
    void anyChangedSignatureCharacterFails(@ForAll @Size(min = 1, max = 2) List<@From("segments") String> pathSegments,
                                           @ForAll @Size(max = 3) List<@From("queryValues") String> values,
                                           @ForAll @IntRange(min = 0, max = 63) int position,
                                           @ForAll @IntRange(min = 1, max = 15) int delta) {
        SdkSigner.Signed signed = sign(SdkHttpMethod.GET, pathSegments, values, "d", new byte[0]);
        String authorization = signed.authorization();
        String signature = SigV4RoundTripTest.component(authorization, "Signature");
        char original = signature.charAt(position);
        char replacement = HEX.charAt((HEX.indexOf(original) + delta) % 16);
        String flipped = signature.substring(0, position) + replacement + signature.substring(position + 1);
        SdkSigner.Signed tampered = signed.withHeader("Authorization", authorization.replace(signature, flipped));

        assertThatThrownBy(() -> verifier.verify(tampered.request(), tampered.payloadHash()))
                .isInstanceOfSatisfying(GlacierException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_SIGNATURE))
                .hasMessage(SigV4Verifier.SIGNATURE_MISMATCH);
    }

    @Property(tries = 100)
    void anyChangedBodyFails(@ForAll @Size(min = 1, max = 64) byte[] body, @ForAll @IntRange(max = 63) int index) {
        SdkSigner.Signed signed = sign(SdkHttpMethod.POST, List.of("v", "archives"), List.of(), "d", body);
        byte[] changed = body.clone();
        changed[index % changed.length] ^= 0x01;

        assertThatThrownBy(() -> verifier.verify(signed.request(), PayloadHash.of(changed)))
                .isInstanceOf(GlacierException.class)
                .hasMessage(SigV4Verifier.SIGNATURE_MISMATCH);
    }
}
