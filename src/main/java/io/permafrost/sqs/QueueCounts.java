package io.permafrost.sqs;

/** The approximate counts GetQueueAttributes reports: visible, in flight, and delayed messages. */
public record QueueCounts(long visible, long notVisible, long delayed) {
}
