package io.permafrost.sqs;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Long polling without a thread per waiter: a ReceiveMessage that found nothing leaves a waiter here;
 * a send to its queue (or its deadline) makes one shared thread try the receive again, and the HTTP
 * answer is sent from there. A waiter is registered before its first try, so a message sent in between
 * is never missed. A send through another node wakes nobody here: where nodes share the queues, a waiter
 * also tries again every {@code recheck}, so it hears of such a message within that time.
 */
final class WaitingReceives implements AutoCloseable {
    private final Duration recheck;
    private final Map<QueueRef, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sqs-long-poll");
        t.setDaemon(true);
        return t;
    });

    /** {@code recheck}: how often a waiter looks again by itself; zero where only this node sends. */
    WaitingReceives(Duration recheck) {
        this.recheck = recheck;
    }

    private final class Waiter {
        final QueueRef queue;
        final Supplier<List<StoredMessage>> attempt;
        final CompletableFuture<List<StoredMessage>> answer = new CompletableFuture<>();
        final AtomicBoolean done = new AtomicBoolean();

        Waiter(QueueRef queue, Supplier<List<StoredMessage>> attempt) {
            this.queue = queue;
            this.attempt = attempt;
        }

        /** One more try; the waiter is finished when it found messages or {@code last} is set. */
        void tryReceive(boolean last) {
            if (done.get()) {
                return;
            }
            try {
                List<StoredMessage> got = attempt.get();
                if ((!got.isEmpty() || last) && done.compareAndSet(false, true)) {
                    forget(this);
                    answer.complete(got);
                }
            } catch (RuntimeException e) {
                if (done.compareAndSet(false, true)) {
                    forget(this);
                    answer.completeExceptionally(e);
                }
            }
        }
    }

    /**
     * Receives from {@code queue} with {@code attempt}, waiting up to {@code wait} for a message when
     * there is none yet; the answer may be empty.
     */
    CompletableFuture<List<StoredMessage>> receive(QueueRef queue, Duration wait, Supplier<List<StoredMessage>> attempt) {
        if (wait.isZero()) {
            return CompletableFuture.completedFuture(attempt.get());
        }
        Waiter waiter = new Waiter(queue, attempt);
        waiters.computeIfAbsent(queue, q -> ConcurrentHashMap.newKeySet()).add(waiter);
        try {
            thread.execute(() -> waiter.tryReceive(false));
            thread.schedule(() -> waiter.tryReceive(true), wait.toMillis(), TimeUnit.MILLISECONDS);
            for (long at = recheck.toMillis(); at > 0 && at < wait.toMillis(); at += recheck.toMillis()) {
                thread.schedule(() -> waiter.tryReceive(false), at, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            forget(waiter);
            return CompletableFuture.completedFuture(List.of());
        }
        return waiter.answer;
    }

    /** A message arrived on {@code queue} (or it was deleted): its waiters try again. */
    void wake(QueueRef queue) {
        Set<Waiter> waiting = waiters.get(queue);
        if (waiting == null || waiting.isEmpty()) {
            return;
        }
        try {
            thread.execute(() -> waiting.forEach(w -> w.tryReceive(false)));
        } catch (RejectedExecutionException e) {
            // Shutting down: the waiters are answered (empty) by close().
        }
    }

    private void forget(Waiter waiter) {
        waiters.computeIfPresent(waiter.queue, (q, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
        waiters.values().forEach(set -> set.forEach(w -> {
            if (w.done.compareAndSet(false, true)) {
                w.answer.complete(List.of());
            }
        }));
        waiters.clear();
    }
}
