package io.permafrost.http;

import io.permafrost.glacier.Caller;

import java.util.concurrent.CompletableFuture;

/** The actions of one query-protocol service (SNS or SQS) this server answers. */
interface QueryActions {

    /**
     * One request of an authenticated caller. {@code origin} is {@code scheme://host[:port]} as the
     * client reached this server (queue URLs are built from it); {@code path} the request path.
     */
    record Call(Caller caller, String origin, String path) {
    }

    /** The answer of {@code action}, possibly later (a long poll); a GlacierException for a refusal. */
    CompletableFuture<QueryResult> handle(String action, QueryParams params, Call call);
}
