package io.permafrost.vault;

/**
 * Checks a streamed body's linear SHA-256 once it has been read, before anything is committed: against
 * the {@code x-amz-content-sha256} the signature covered. Throws the Glacier error when it does not hold.
 */
@FunctionalInterface
public interface PayloadCheck {
    void verify(String computedSha256Hex);

    PayloadCheck NONE = computed -> {
    };
}
