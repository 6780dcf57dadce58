package io.permafrost.cli;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.permafrost.clock.ComplianceClock;
import io.permafrost.http.AccessLogFile;
import io.permafrost.http.AdminServer;
import io.permafrost.http.ReadinessProbe;
import io.permafrost.http.RequestListener;
import io.permafrost.http.RequestMetrics;
import io.permafrost.store.JobStore;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What {@link OperationsSettings} turns on: the meter registry and admin port, the access log, and
 * the request listeners the API server reports to. With everything off there are no listeners and
 * the API handler is not even wrapped.
 */
final class Observability implements AutoCloseable {
    private final List<RequestListener> listeners;
    private final AdminServer admin;
    private final AccessLogFile accessLog;
    private final JvmGcMetrics gc;
    /** Set while the server runs with an access log (and the JVM let SIGHUP be taken). */
    private HangupReopensAccessLog hangup;

    private Observability(List<RequestListener> listeners, AdminServer admin, AccessLogFile accessLog,
                          JvmGcMetrics gc) {
        this.listeners = listeners;
        this.admin = admin;
        this.accessLog = accessLog;
        this.gc = gc;
    }

    /**
     * {@code timedStores}: the stores the services were given, to be timed from now on (null when metrics
     * are off); {@code jobs}: the job store the job gauges read; {@code audit}: the trail whose counts are shown;
     * {@code dataDirectory}: the directory whose filesystem's free space is shown (null: none).
     */
    static Observability open(OperationsSettings settings, ComplianceClock clock, ReadinessProbe readiness,
                              TimedStores timedStores, JobStore jobs, AuditSetup audit, Path dataDirectory) {
        List<RequestListener> listeners = new ArrayList<>();
        AdminServer admin = null;
        JvmGcMetrics gc = null;
        if (settings.adminPort() != null) {
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            new JvmMemoryMetrics().bindTo(registry);
            new JvmThreadMetrics().bindTo(registry);
            new ClassLoaderMetrics().bindTo(registry);
            new ProcessorMetrics().bindTo(registry);
            new UptimeMetrics().bindTo(registry);
            gc = new JvmGcMetrics();
            gc.bindTo(registry);
            // A full data disk refuses every write with 503 (docs/operations.md): free space is what to alert on.
            if (dataDirectory != null) {
                new DiskSpaceMetrics(dataDirectory.toFile()).bindTo(registry);
            }
            Gauge.builder("permafrost.compliance.clock.lead", clock, c -> c.systemClockLead().toNanos() / 1e9)
                    .baseUnit("seconds")
                    .description("How far the system clock is ahead of the compliance clock (negative: behind)")
                    .register(registry);
            if (audit.trail() != null) {
                FunctionCounter.builder("permafrost.audit.records", audit.trail(), t -> t.recordsWritten())
                        .description("Audit records this process appended")
                        .register(registry);
                Gauge.builder("permafrost.audit.checkpoint.lag", audit.checkpointer(), c -> c.lag())
                        .description("Audit records not yet covered by a signed checkpoint")
                        .register(registry);
            }
            listeners.add(new RequestMetrics(registry));
            if (timedStores != null) {
                timedStores.bind(registry);
            }
            JobGauges jobGauges = new JobGauges(jobs, registry);
            admin = new AdminServer(settings.adminHost(), settings.adminPort(), () -> {
                jobGauges.refresh();
                return registry.scrape();
            }, readiness);
        }
        AccessLogFile accessLog = null;
        if (settings.accessLog() != null) {
            try {
                accessLog = new AccessLogFile(settings.accessLog());
            } catch (IOException e) {
                throw StartupException.io("--access-log " + settings.accessLog() + ": cannot open", e);
            }
            listeners.add(accessLog);
        }
        return new Observability(List.copyOf(listeners), admin, accessLog, gc);
    }

    List<RequestListener> listeners() {
        return listeners;
    }

    void start() throws Exception {
        if (admin != null) {
            admin.start();
        }
        if (accessLog != null) {
            hangup = HangupReopensAccessLog.install(accessLog);
        }
    }

    /** The admin port actually bound; -1 when there is none. */
    int adminPort() {
        return admin == null ? -1 : admin.port();
    }

    @Override
    public void close() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (gc != null) {
            gc.close();
        }
        if (hangup != null) {
            hangup.close();
        }
        if (accessLog != null) {
            accessLog.close();
        }
    }
}
