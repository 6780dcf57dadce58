package io.permafrost.http;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.sns.SubscriptionRecord;
import io.permafrost.sns.TopicService;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The SNS actions of the Glacier download workflows, parameters in and results out (query protocol). */
final class SnsActions implements QueryActions {
    static final List<String> SUPPORTED = List.of("CreateTopic", "DeleteTopic", "Subscribe", "Unsubscribe",
            "ListSubscriptionsByTopic", "GetTopicAttributes");

    private final TopicService topics;

    SnsActions(TopicService topics) {
        this.topics = topics;
    }

    @Override
    public CompletableFuture<QueryResult> handle(String action, QueryParams params, Call call) {
        QueryResult result = switch (action) {
            case "CreateTopic" -> QueryResult.empty().with("TopicArn", topics.createTopic(call.caller(),
                    params.string("Name"), params.map("Attributes", "Attributes.entry", "key", "value")));
            case "DeleteTopic" -> {
                topics.deleteTopic(call.caller(), params.string("TopicArn"));
                yield QueryResult.empty();
            }
            case "Subscribe" -> QueryResult.empty().with("SubscriptionArn", topics.subscribe(call.caller(),
                    params.string("TopicArn"), params.string("Protocol"), params.string("Endpoint")));
            case "Unsubscribe" -> {
                topics.unsubscribe(call.caller(), params.string("SubscriptionArn"));
                yield QueryResult.empty();
            }
            case "ListSubscriptionsByTopic" -> QueryResult.empty().with("Subscriptions", new QueryResult.Items("member",
                    topics.subscriptions(call.caller(), params.string("TopicArn")).stream()
                            .map(SnsActions::subscription).toList()));
            case "GetTopicAttributes" -> QueryResult.empty().with("Attributes", new QueryResult.Entries("entry",
                    topics.attributes(call.caller(), params.string("TopicArn"))));
            default -> throw new GlacierException(ErrorCode.QUERY_INVALID_ACTION, "The action " + action
                    + " is not valid for this endpoint. This server implements only the part of SNS that Glacier job "
                    + "notifications use: " + String.join(", ", SUPPORTED) + ".");
        };
        return CompletableFuture.completedFuture(result);
    }

    private static Map<String, Object> subscription(SubscriptionRecord s) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("TopicArn", s.topicArn());
        item.put("Protocol", s.protocol());
        item.put("SubscriptionArn", s.arn());
        item.put("Owner", s.ownerAccountId());
        item.put("Endpoint", s.endpoint());
        return item;
    }
}
