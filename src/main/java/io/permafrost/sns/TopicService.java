package io.permafrost.sns;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;

import java.net.URI;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SNS operations Glacier's download workflows use. A topic belongs to the account that created it;
 * a caller of another account gets SNS's AuthorizationError. Subscriptions deliver to a queue of this
 * server ({@code sqs}) or POST to a URL ({@code http}, {@code https}); an HTTP subscription is active at
 * once (no confirmation round trip: the endpoint is the subscriber's own).
 */
public final class TopicService {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,256}");
    private static final Pattern TOPIC_ARN = Pattern.compile("arn:aws[a-z-]*:sns:([a-z0-9-]+):([0-9]{12}):([A-Za-z0-9_-]{1,256})");
    private static final Pattern SQS_ARN = Pattern.compile("arn:aws[a-z-]*:sqs:[a-z0-9-]+:[0-9]{12}:[A-Za-z0-9_-]{1,80}");

    private final TopicStore store;
    private final Clock clock;
    private final String region;

    public TopicService(TopicStore store, Clock clock, String region) {
        this.store = store;
        this.clock = clock;
        this.region = region;
    }

    public String createTopic(Caller caller, String name, Map<String, String> attributes) {
        if (name == null || name.isEmpty()) {
            throw invalid("Invalid parameter: Name");
        }
        if (name.endsWith(".fifo")) {
            throw invalid("Invalid parameter: FIFO topics are not supported by this server (it implements only the "
                    + "Glacier workflow subset)");
        }
        if (!NAME.matcher(name).matches()) {
            throw invalid("Invalid parameter: Topic Name");
        }
        if (!attributes.isEmpty()) {
            throw invalid("Invalid parameter: Attributes Reason: this server implements only the Glacier workflow "
                    + "subset of SNS and sets no topic attributes");
        }
        String arn = "arn:aws:sns:" + region + ":" + caller.accountId() + ":" + name;
        return store.createIfAbsent(new TopicRecord(arn, caller.accountId(), name, clock.instant())).arn();
    }

    /** Deleting a topic that does not exist is not an error, as in SNS. */
    public void deleteTopic(Caller caller, String topicArn) {
        TopicArnParts arn = parse(topicArn);
        requireOwner(caller, arn);
        store.delete(topicArn);
    }

    public String subscribe(Caller caller, String topicArn, String protocol, String endpoint) {
        TopicRecord topic = owned(caller, topicArn);
        if (protocol == null || protocol.isEmpty()) {
            throw invalid("Invalid parameter: Protocol");
        }
        switch (protocol) {
            case "sqs" -> {
                if (endpoint == null || !SQS_ARN.matcher(endpoint).matches()) {
                    throw invalid("Invalid parameter: SQS endpoint ARN");
                }
            }
            case "http", "https" -> requireUrl(protocol, endpoint);
            default -> throw invalid("Invalid parameter: Amazon SNS does not support this protocol string: "
                    + protocol + " (this server delivers only to sqs, http and https: the Glacier workflow subset)");
        }
        String arn = topic.arn() + ":" + UUID.randomUUID();
        return store.subscribeIfAbsent(new SubscriptionRecord(arn, topic.arn(), caller.accountId(), protocol, endpoint))
                .orElseThrow(TopicService::topicNotFound).arn();
    }

    public void unsubscribe(Caller caller, String subscriptionArn) {
        if (subscriptionArn == null || subscriptionArn.isEmpty()) {
            throw invalid("Invalid parameter: SubscriptionArn");
        }
        SubscriptionRecord subscription = store.subscription(subscriptionArn)
                .orElseThrow(() -> new GlacierException(ErrorCode.SNS_NOT_FOUND, "Subscription does not exist"));
        if (!subscription.ownerAccountId().equals(caller.accountId())
                && !parse(subscription.topicArn()).accountId().equals(caller.accountId())) {
            throw authorizationError(caller, "SNS:Unsubscribe", subscriptionArn);
        }
        store.unsubscribe(subscriptionArn);
    }

    public List<SubscriptionRecord> subscriptions(Caller caller, String topicArn) {
        owned(caller, topicArn);
        return store.subscriptions(topicArn);
    }

    public Map<String, String> attributes(Caller caller, String topicArn) {
        TopicRecord topic = owned(caller, topicArn);
        int subscriptions = store.subscriptions(topicArn).size();
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put("TopicArn", topic.arn());
        attributes.put("Owner", topic.accountId());
        attributes.put("DisplayName", "");
        attributes.put("SubscriptionsConfirmed", String.valueOf(subscriptions));
        attributes.put("SubscriptionsPending", "0");
        attributes.put("SubscriptionsDeleted", "0");
        return attributes;
    }

    private TopicRecord owned(Caller caller, String topicArn) {
        TopicArnParts arn = parse(topicArn);
        requireOwner(caller, arn);
        return store.find(topicArn).orElseThrow(TopicService::topicNotFound);
    }

    private static void requireOwner(Caller caller, TopicArnParts arn) {
        if (!arn.accountId().equals(caller.accountId())) {
            throw authorizationError(caller, "SNS:*", arn.text());
        }
    }

    private TopicArnParts parse(String topicArn) {
        Matcher m = TOPIC_ARN.matcher(topicArn == null ? "" : topicArn);
        if (!m.matches()) {
            throw invalid("Invalid parameter: TopicArn");
        }
        if (!m.group(1).equals(region)) {
            throw invalid("Invalid parameter: TopicArn Reason: A region of " + m.group(1)
                    + " is not valid for this endpoint (" + region + ")");
        }
        return new TopicArnParts(topicArn, m.group(2));
    }

    private record TopicArnParts(String text, String accountId) {
    }

    private static void requireUrl(String protocol, String endpoint) {
        try {
            URI uri = endpoint == null ? null : URI.create(endpoint);
            if (uri != null && protocol.equals(uri.getScheme()) && uri.getHost() != null) {
                return;
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw invalid("Invalid parameter: Endpoint must match the specified protocol");
    }

    private static GlacierException authorizationError(Caller caller, String action, String resource) {
        return new GlacierException(ErrorCode.SNS_AUTHORIZATION_ERROR, "User: " + caller.arn()
                + " is not authorized to perform: " + action + " on resource: " + resource);
    }

    private static GlacierException topicNotFound() {
        return new GlacierException(ErrorCode.SNS_NOT_FOUND, "Topic does not exist");
    }

    private static GlacierException invalid(String message) {
        return new GlacierException(ErrorCode.SNS_INVALID_PARAMETER, message);
    }

    /** The subscriptions a message published to {@code topicArn} goes to; empty when it is not a topic here. */
    Optional<List<SubscriptionRecord>> fanOut(String topicArn) {
        return store.find(topicArn).map(topic -> store.subscriptions(topic.arn()));
    }
}
