package io.permafrost.it;

import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.SharedServerTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.model.GlacierException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Closing one upload from several requests at once (spec 9.3, 9.4): exactly one state change wins,
 * and every loser answers as the spec says for the state the winner left behind.
 */
class MultipartRaceIT extends SharedServerTest {
    private static final int TRIES = 15;
    private static final byte[] PART = "one small part, the last and only one".getBytes(StandardCharsets.UTF_8);
    private static final String PART_HASH = ReferenceTreeHash.of(PART);

    /** What one racing request answered: its status, and the archive id or error message. */
    private record Answer(int status, String detail) {
        boolean succeeded() {
            return status / 100 == 2;
        }
    }

    @Test
    void completeAndAbortOfOneUploadNeverBothSucceed() throws Exception {
        createVault("race-complete-abort");
        for (int i = 0; i < TRIES; i++) {
            String uploadId = uploadWithOnePart("race-complete-abort");
            List<Answer> answers = race(
                    () -> complete("race-complete-abort", uploadId),
                    () -> answer(() -> glacier.abortMultipartUpload(b -> b.accountId("-")
                            .vaultName("race-complete-abort").uploadId(uploadId)).sdkHttpResponse().statusCode(), ""));

            assertThat(answers.stream().filter(Answer::succeeded)).as("try %d: %s", i, answers).hasSize(1);
            Answer loser = answers.stream().filter(a -> !a.succeeded()).findFirst().orElseThrow();
            assertThat(loser).as("try %d", i)
                    .isEqualTo(new Answer(404, "The upload ID was not found: " + uploadId));
        }
    }

    private static String uploadWithOnePart(String vault) {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(vault).partSize("1048576"))
                .uploadId();
        glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                .range("bytes 0-" + (PART.length - 1) + "/*").checksum(PART_HASH), RequestBody.fromBytes(PART));
        return uploadId;
    }

    private static Answer complete(String vault, String uploadId) {
        try {
            var done = glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                    .archiveSize(Integer.toString(PART.length)).checksum(PART_HASH));
            return new Answer(done.sdkHttpResponse().statusCode(), done.archiveId());
        } catch (GlacierException e) {
            return new Answer(e.statusCode(), e.awsErrorDetails().errorMessage());
        }
    }

    private static Answer answer(Callable<Integer> call, String detail) throws Exception {
        try {
            return new Answer(call.call(), detail);
        } catch (GlacierException e) {
            return new Answer(e.statusCode(), e.awsErrorDetails().errorMessage());
        }
    }

    /** Runs the calls at once (released together by a latch) and returns their answers in order. */
    @SafeVarargs
    static <T> List<T> race(Callable<T>... calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.length);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> call : calls) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return call.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
