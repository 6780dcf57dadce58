package io.permafrost.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.permafrost.store.JobRecord;
import io.permafrost.store.JobStore;

import java.util.Map;

/**
 * {@code permafrost.jobs{status, tier}}: how many jobs the store holds of each, read with one GROUP BY at
 * each scrape (so every node of a cluster reports the cluster's jobs). A status and tier with no job has
 * no row; a scrape while the store is down keeps the last values.
 */
final class JobGauges {
    private static final Map<JobRecord.Status, String> STATUS = Map.of(JobRecord.Status.IN_PROGRESS, "InProgress",
            JobRecord.Status.SUCCEEDED, "Succeeded", JobRecord.Status.FAILED, "Failed");

    private final JobStore jobs;
    private final MultiGauge gauge;

    JobGauges(JobStore jobs, MeterRegistry registry) {
        this.jobs = jobs;
        this.gauge = MultiGauge.builder("permafrost.jobs")
                .description("Jobs by status and tier (tier none: inventory retrievals), as the store holds them")
                .register(registry);
    }

    void refresh() {
        try {
            gauge.register(jobs.tally().stream()
                    .map(t -> MultiGauge.Row.of(Tags.of("status", STATUS.get(t.status()),
                            "tier", t.tier() == null ? "none" : t.tier()), t.jobs()))
                    .toList(), true);
        } catch (RuntimeException e) {
            // The store is unavailable: /metrics still answers, with the counts of the last scrape.
        }
    }
}
