package io.permafrost.http;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.sqs.QueueRef;
import io.permafrost.sqs.QueueService;
import io.permafrost.sqs.StoredMessage;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The SQS actions of the Glacier download workflows, parameters in and results out (query or JSON protocol). */
final class SqsActions implements QueryActions {
    static final List<String> SUPPORTED = List.of("CreateQueue", "GetQueueUrl", "GetQueueAttributes",
            "SetQueueAttributes", "SendMessage", "ReceiveMessage", "DeleteMessage", "DeleteQueue");

    private final QueueService queues;

    SqsActions(QueueService queues) {
        this.queues = queues;
    }

    @Override
    public CompletableFuture<QueryResult> handle(String action, QueryParams params, Call call) {
        return switch (action) {
            case "CreateQueue" -> done(queueUrl(call, queues.createQueue(call.caller(), params.string("QueueName"),
                    attributes(params))));
            case "GetQueueUrl" -> done(queueUrl(call, queues.queueNamed(call.caller(), params.string("QueueName"),
                    params.string("QueueOwnerAWSAccountId"))));
            case "GetQueueAttributes" -> {
                List<String> names = params.list("AttributeNames", "AttributeName");
                Map<String, String> values = queues.attributes(call.caller(), queue(params, call), names);
                yield done(values.isEmpty() ? QueryResult.empty()
                        : QueryResult.empty().with("Attributes", new QueryResult.Entries("Attribute", values)));
            }
            case "SetQueueAttributes" -> {
                queues.setAttributes(call.caller(), queue(params, call), attributes(params));
                yield done(QueryResult.empty());
            }
            case "SendMessage" -> {
                QueueService.Sent sent = queues.send(call.caller(), queue(params, call), params.string("MessageBody"),
                        params.integer("DelaySeconds"));
                yield done(QueryResult.empty().with("MD5OfMessageBody", sent.md5OfBody())
                        .with("MessageId", sent.messageId()));
            }
            case "ReceiveMessage" -> receive(params, call);
            case "DeleteMessage" -> {
                queues.deleteMessage(call.caller(), queue(params, call), params.string("ReceiptHandle"));
                yield done(QueryResult.empty());
            }
            case "DeleteQueue" -> {
                queues.deleteQueue(call.caller(), queue(params, call));
                yield done(QueryResult.empty());
            }
            default -> throw unsupported(action);
        };
    }

    private CompletableFuture<QueryResult> receive(QueryParams params, Call call) {
        List<String> wanted = new java.util.ArrayList<>(params.list("AttributeNames", "AttributeName"));
        wanted.addAll(params.list("MessageSystemAttributeNames", "MessageSystemAttributeName"));
        return queues.receive(call.caller(), queue(params, call), params.integer("MaxNumberOfMessages"),
                        params.integer("VisibilityTimeout"), params.integer("WaitTimeSeconds"))
                .thenApply(messages -> messages.isEmpty() ? QueryResult.empty() : QueryResult.empty().with("Messages",
                        new QueryResult.Items("Message", messages.stream().map(m -> message(m, wanted)).toList())));
    }

    private static Map<String, Object> message(StoredMessage m, List<String> wantedAttributes) {
        Map<String, Object> item = new LinkedHashMap<>();
        item.put("MessageId", m.messageId());
        item.put("ReceiptHandle", m.receiptHandle());
        item.put("MD5OfBody", m.md5OfBody());
        item.put("Body", m.body());
        Map<String, String> system = new LinkedHashMap<>();
        boolean all = wantedAttributes.contains("All");
        if (all || wantedAttributes.contains("SentTimestamp")) {
            system.put("SentTimestamp", String.valueOf(m.sentAt().toEpochMilli()));
        }
        if (all || wantedAttributes.contains("ApproximateReceiveCount")) {
            system.put("ApproximateReceiveCount", String.valueOf(m.receiveCount()));
        }
        if (all || wantedAttributes.contains("ApproximateFirstReceiveTimestamp")) {
            system.put("ApproximateFirstReceiveTimestamp", String.valueOf(m.firstReceivedAt().toEpochMilli()));
        }
        if (!system.isEmpty()) {
            item.put("Attributes", new QueryResult.Entries("Attribute", system));
        }
        return item;
    }

    private static Map<String, String> attributes(QueryParams params) {
        return params.map("Attributes", "Attribute", "Name", "Value");
    }

    /** The queue a request names: its QueueUrl parameter, or (the v1 Java SDK) the path it was sent to. */
    private static QueueRef queue(QueryParams params, Call call) {
        String url = params.string("QueueUrl");
        if (url != null && !url.isEmpty()) {
            return QueueRef.fromUrl(url);
        }
        if (call.path() == null || call.path().equals("/")) {
            throw new GlacierException(ErrorCode.SQS_MISSING_PARAMETER, "The request must contain the parameter QueueUrl.");
        }
        return QueueRef.fromUrl(call.path());
    }

    private static QueryResult queueUrl(Call call, QueueRef queue) {
        return QueryResult.empty().with("QueueUrl", call.origin() + queue.path());
    }

    private static CompletableFuture<QueryResult> done(QueryResult result) {
        return CompletableFuture.completedFuture(result);
    }

    private static GlacierException unsupported(String action) {
        return new GlacierException(ErrorCode.QUERY_INVALID_ACTION, "The action " + action + " is not valid for this "
                + "endpoint. This server implements only the part of SQS that Glacier job notifications use: "
                + String.join(", ", SUPPORTED) + ".");
    }
}
