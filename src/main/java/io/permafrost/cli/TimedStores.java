package io.permafrost.cli;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.permafrost.store.BlobStore;
import io.permafrost.store.MetadataStore;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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

    /**
     * The metadata store with each of its parts timed. A proxy, not a hand-written delegate: every member,
     * including one added to the interface later, reaches {@code store} (a default method is not answered
     * by the interface's default instead of the store's own implementation). A part is any no-argument
     * member returning an interface of the storage SPI; its {@code store} tag is the member's name in
     * snake case ({@code inventorySnapshots} -> {@code inventory_snapshots}).
     */
    MetadataStore metadata(MetadataStore store) {
        Map<Method, Object> parts = new HashMap<>();
        for (Method member : MetadataStore.class.getMethods()) {
            if (isPart(member)) {
                parts.put(member, timedPart(member.getReturnType(), store, member));
            }
        }
        Object proxy = Proxy.newProxyInstance(MetadataStore.class.getClassLoader(),
                new Class<?>[]{MetadataStore.class}, (self, method, args) -> {
                    Object part = parts.get(method);
                    return part != null ? part : invoke(method, store, args);
                });
        return MetadataStore.class.cast(proxy);
    }

    private static boolean isPart(Method member) {
        Class<?> type = member.getReturnType();
        return member.getParameterCount() == 0 && type.isInterface()
                && type.getPackage() == MetadataStore.class.getPackage();
    }

    private <T> T timedPart(Class<T> type, MetadataStore store, Method member) {
        try {
            return timed(type, type.cast(member.invoke(store)), "permafrost.store.metadata", snakeCase(member.getName()));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("could not get the metadata store's " + member.getName(), e);
        }
    }

    private static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
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
