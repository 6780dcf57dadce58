package io.permafrost.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.services.glacier.model.GlacierException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Asserts that an SDK call failed with exactly the Glacier error the spec names: code, HTTP status,
 * message, and the wire envelope around them ({@code {"code","message","type"}} as JSON, request id,
 * no {@code x-amzn-ErrorType}).
 */
public final class GlacierErrorAssertions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private GlacierErrorAssertions() {
    }

    public static GlacierException assertGlacierError(ThrowingCallable call, String code, int status, String message) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected %s (%s) %s", code, status, message).isInstanceOf(GlacierException.class);
        GlacierException error = (GlacierException) thrown;
        AwsErrorDetails details = error.awsErrorDetails();
        assertThat(details.errorCode()).as("error code").isEqualTo(code);
        assertThat(error.statusCode()).as("HTTP status of %s", code).isEqualTo(status);
        assertThat(details.errorMessage()).as("message of %s", code).isEqualTo(message);
        assertEnvelope(details.rawResponse().asByteArray(), code, status, message);
        SdkHttpResponse http = details.sdkHttpResponse();
        assertThat(http.firstMatchingHeader("Content-Type")).hasValue("application/json");
        assertThat(http.firstMatchingHeader("x-amzn-RequestId")).hasValueSatisfying(id ->
                assertThat(id).matches("[A-Za-z0-9_-]{47}"));
        assertThat(http.firstMatchingHeader("x-amzn-ErrorType")).isEmpty();
        return error;
    }

    /** The same checks for a hand-built request's answer. */
    public static void assertRawError(RawHttp.Response response, String code, int status, String message) {
        assertThat(response.status()).as("HTTP status of %s: %s", code, response.bodyText()).isEqualTo(status);
        assertEnvelope(response.body(), code, status, message);
        assertThat(response.header("Content-Type")).hasValue("application/json");
        assertThat(response.header("x-amzn-RequestId")).hasValueSatisfying(id ->
                assertThat(id).matches("[A-Za-z0-9_-]{47}"));
        assertThat(response.header("x-amzn-ErrorType")).isEmpty();
    }

    /** The body is exactly the three-member envelope of spec 4.1. */
    public static void assertEnvelope(byte[] body, String code, int status, String message) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("error body is not JSON: " + new String(body, java.nio.charset.StandardCharsets.UTF_8), e);
        }
        List<String> members = new ArrayList<>();
        json.fieldNames().forEachRemaining(members::add);
        assertThat(members).containsExactlyInAnyOrder("code", "message", "type");
        assertThat(json.get("code").asText()).isEqualTo(code);
        assertThat(json.get("message").asText()).isEqualTo(message);
        assertThat(json.get("type").asText()).isEqualTo(status >= 500 ? "Server" : "Client");
    }
}
