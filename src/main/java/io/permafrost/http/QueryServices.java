package io.permafrost.http;

import io.permafrost.sns.TopicService;
import io.permafrost.sqs.QueueService;

/** The SNS and SQS subset served on the Glacier port beside it (docs/notifications.md). */
public record QueryServices(TopicService topics, QueueService queues) {
}
