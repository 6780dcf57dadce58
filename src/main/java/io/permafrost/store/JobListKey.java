package io.permafrost.store;

/**
 * A position in ListJobs' (creation time, job id) order, as the opaque URL-safe marker a client holds.
 * Encoded beside the SPI rather than by a backend, so a marker survives a move between backends.
 */
public record JobListKey(long createdAtMillis, String jobId) {

    public static JobListKey of(JobRecord job) {
        return new JobListKey(job.creationDate().toEpochMilli(), job.jobId());
    }

    public String format() {
        return Long.toString(createdAtMillis, 36) + "." + jobId;
    }

    /** Throws IllegalArgumentException for text no {@link #format} produced. */
    public static JobListKey parse(String text) {
        int dot = text.indexOf('.');
        if (dot <= 0 || dot == text.length() - 1) {
            throw new IllegalArgumentException("not a job list key");
        }
        return new JobListKey(Long.parseLong(text.substring(0, dot), 36), text.substring(dot + 1));
    }
}
