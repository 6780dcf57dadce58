package io.permafrost.sqs;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A queue named by its owner and name, as its URL ({@code http://host:port/111122223333/name}) or its
 * ARN ({@code arn:aws:sqs:region:111122223333:name}) says.
 */
public record QueueRef(String accountId, String name) {
    private static final Pattern PATH = Pattern.compile("/([0-9]{12})/([^/]+)/?");
    private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:sqs:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,80})");

    /** The queue a queue URL (or only its path) names. */
    public static QueueRef fromUrl(String url) {
        String path;
        try {
            path = url.startsWith("/") ? url : URI.create(url).getPath();
        } catch (IllegalArgumentException e) {
            path = null;
        }
        Matcher m = path == null ? null : PATH.matcher(path);
        if (m == null || !m.matches()) {
            throw new GlacierException(ErrorCode.SQS_NON_EXISTENT_QUEUE,
                    "The specified queue does not exist or you do not have access to it.");
        }
        return new QueueRef(m.group(1), m.group(2));
    }

    /** The queue an SQS ARN names, if {@code arn} is one for {@code region}. */
    public static java.util.Optional<QueueRef> fromArn(String arn, String region) {
        Matcher m = ARN.matcher(arn == null ? "" : arn);
        return m.matches() && m.group(1).equals(region)
                ? java.util.Optional.of(new QueueRef(m.group(2), m.group(3))) : java.util.Optional.empty();
    }

    public String arn(String region) {
        return "arn:aws:sqs:" + region + ":" + accountId + ":" + name;
    }

    public String path() {
        return "/" + accountId + "/" + name;
    }
}
