package io.permafrost.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.permafrost.store.AccountStore;
import io.permafrost.store.ArchiveStore;
import io.permafrost.store.BlobStore;
import io.permafrost.store.EvidenceStore;
import io.permafrost.store.InventorySnapshotStore;
import io.permafrost.store.JobStore;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.UploadStore;
import io.permafrost.store.VaultStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The stores as the services see them when metrics are on: every call on a metadata store part is timed as
 * {@code permafrost.store.metadata{store, operation}}, every blob store call (and a writer's commit) as
 * {@code permafrost.store.blob{operation}}. A call that streams rows to a consumer is timed with the
 * consumer's work. The registry is bound after the services are built: until then nothing is recorded.
 */
final class TimedStores {
    private final AtomicReference<MeterRegistry> registry = new AtomicReference<>();

    void bind(MeterRegistry meters) {
        registry.set(meters);
    }

    MetadataStore metadata(MetadataStore store) {
        VaultStore vaults = timed(VaultStore.class, store.vaults(), "permafrost.store.metadata", "vaults");
        ArchiveStore archives = timed(ArchiveStore.class, store.archives(), "permafrost.store.metadata", "archives");
        UploadStore uploads = timed(UploadStore.class, store.uploads(), "permafrost.store.metadata", "uploads");
        JobStore jobs = timed(JobStore.class, store.jobs(), "permafrost.store.metadata", "jobs");
        AccountStore accounts = timed(AccountStore.class, store.accounts(), "permafrost.store.metadata", "accounts");
        InventorySnapshotStore snapshots = timed(InventorySnapshotStore.class, store.inventorySnapshots(),
                "permafrost.store.metadata", "inventory_snapshots");
        EvidenceStore evidence = timed(EvidenceStore.class, store.evidence(), "permafrost.store.metadata", "evidence");
        return new MetadataStore() {
            @Override
            public VaultStore vaults() {
                return vaults;
            }

            @Override
            public ArchiveStore archives() {
                return archives;
            }

            @Override
            public UploadStore uploads() {
                return uploads;
            }

            @Override
            public JobStore jobs() {
                return jobs;
            }

            @Override
            public AccountStore accounts() {
                return accounts;
            }

            @Override
            public InventorySnapshotStore inventorySnapshots() {
                return snapshots;
            }

            @Override
            public EvidenceStore evidence() {
                return evidence;
            }

            @Override
            public io.permafrost.audit.AuditDatabase audit() {
                return store.audit();
            }

            @Override
            public java.util.Optional<io.permafrost.store.RetentionBacklog> retentionBacklog() {
                return store.retentionBacklog();
            }

            @Override
            public boolean isBlobReferenced(String blobId) {
                return store.isBlobReferenced(blobId);
            }

            @Override
            public Set<String> referencedBlobs(Collection<String> blobIds) {
                return store.referencedBlobs(blobIds);
            }

            @Override
            public void close() {
                store.close();
            }
        };
    }

    BlobStore blobs(BlobStore store) {
        return timed(BlobStore.class, store, "permafrost.store.blob", null);
    }

    private <T> T timed(Class<T> type, T target, String name, String storeTag) {
        Map<Method, Timer> timers = new ConcurrentHashMap<>();
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (self, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return invoke(method, target, args);
            }
            MeterRegistry meters = registry.get();
            long start = System.nanoTime();
            try {
                Object result = invoke(method, target, args);
                // A blob is written through its writer: its commit is the write worth timing.
                return result instanceof BlobStore.BlobWriter writer ? timed(BlobStore.BlobWriter.class, writer,
                        name, storeTag) : result;
            } finally {
                if (meters != null) {
                    timers.computeIfAbsent(method, m -> timer(meters, name, storeTag, m))
                            .record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                }
            }
        });
        return type.cast(proxy);
    }

    private static Timer timer(MeterRegistry meters, String name, String storeTag, Method method) {
        Timer.Builder timer = Timer.builder(name).tag("operation", method.getName())
                .description("Latency of the " + (storeTag == null ? "blob" : "metadata") + " store's calls");
        if (storeTag != null) {
            timer.tag("store", storeTag);
        }
        return timer.register(meters);
    }

    /** Calls through, rethrowing what the target threw as itself (not wrapped in reflection's exception). */
    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
