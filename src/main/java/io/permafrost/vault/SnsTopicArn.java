package io.permafrost.vault;

import java.util.regex.Pattern;

/** What an SNS topic ARN looks like: {@code arn:{partition}:sns:{region}:{12 digits}:{name}} (spec 10.1, 12.1). */
public final class SnsTopicArn {
    // Topic names: 1-256 letters, digits, '-' or '_'; FIFO topics end in ".fifo".
    private static final Pattern ARN =
            Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

    private SnsTopicArn() {
    }

    public static boolean isValid(String arn) {
        return arn != null && ARN.matcher(arn).matches();
    }
}
