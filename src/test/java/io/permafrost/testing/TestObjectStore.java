package io.permafrost.testing;

import io.permafrost.store.s3.S3Settings;
import org.junit.jupiter.api.Assumptions;

import java.net.URI;

/**
 * The S3-compatible store the cluster tests run against, from the environment that
 * {@code dev/engines.sh env} prints. Without it those tests are skipped, saying why.
 */
public final class TestObjectStore {
    private TestObjectStore() {
    }

    /** The settings, or the test is skipped (with the reason printed, so a green run does not hide it). */
    public static S3Settings settingsOrSkip() {
        String endpoint = System.getenv("PERMAFROST_TEST_S3_ENDPOINT");
        if (endpoint == null || endpoint.isBlank()) {
            String reason = "PERMAFROST_TEST_S3_ENDPOINT is not set: no object store to test against "
                    + "(eval \"$(dev/engines.sh env)\" after dev/engines.sh start)";
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
        String region = System.getenv("PERMAFROST_TEST_S3_REGION");
        return new S3Settings(required("PERMAFROST_TEST_S3_BUCKET"), URI.create(endpoint),
                region == null || region.isBlank() ? "default" : region,
                required("PERMAFROST_TEST_S3_ACCESS_KEY"), required("PERMAFROST_TEST_S3_SECRET_KEY"));
    }

    private static String required(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " must be set with PERMAFROST_TEST_S3_ENDPOINT");
        }
        return value;
    }
}
