package io.permafrost.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * API requests as meters: a latency histogram per operation and status, and the bytes received and
 * sent per operation. A request that matched no operation counts as {@code operation="unknown"}.
 */
public final class RequestMetrics implements RequestListener {
    private final MeterRegistry registry;

    public RequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void completed(RequestRecord request) {
        String operation = request.operation() == null ? "unknown" : request.operation();
        Timer.builder("permafrost.requests")
                .description("API requests by operation and HTTP status")
                .tag("operation", operation)
                .tag("status", Integer.toString(request.status()))
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofMinutes(10))
                .register(registry)
                .record(request.durationNanos(), TimeUnit.NANOSECONDS);
        Counter.builder("permafrost.received").baseUnit("bytes").description("Request body bytes received")
                .tag("operation", operation).register(registry).increment(request.bytesIn());
        Counter.builder("permafrost.sent").baseUnit("bytes").description("Response body bytes sent")
                .tag("operation", operation).register(registry).increment(request.bytesOut());
    }
}
