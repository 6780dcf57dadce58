package io.permafrost.it;

import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.SharedServerTest;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.model.GlacierException;
import software.amazon.awssdk.services.glacier.model.GlacierResponse;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.testing.ConcurrentCalls.race;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * State changes racing each other on one resource: exactly one wins, and every loser answers as the
 * spec says for the state the winner left behind (never a 5xx, never two winners where one may win).
 */
class StateRaceIT extends SharedServerTest {
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
                    () -> answer(() -> status(glacier.abortMultipartUpload(b -> b.accountId("-")
                            .vaultName("race-complete-abort").uploadId(uploadId)))));

            assertThat(answers.stream().filter(Answer::succeeded)).as("try %d: %s", i, answers).hasSize(1);
            Answer loser = answers.stream().filter(a -> !a.succeeded()).findFirst().orElseThrow();
            assertThat(loser).as("try %d", i)
                    .isEqualTo(new Answer(404, "The upload ID was not found: " + uploadId));
        }
    }

    @Test
    void initiateVaultLockRacingDeleteVaultEitherHappensFirstOrFindsNoVault() throws Exception {
        raceWithDeleteVault("race-lock-delete-", 201, vault -> {
            String policy = PolicyJson.of(PolicyJson.deny("glacier:DeleteArchive", Identities.vaultArn(OWNER, vault))
                    .principal("*"));
            return glacier.initiateVaultLock(b -> b.accountId("-").vaultName(vault).policy(p -> p.policy(policy)));
        });
    }

    @Test
    void addTagsRacingDeleteVaultEitherHappensFirstOrFindsNoVault() throws Exception {
        raceWithDeleteVault("race-tags-delete-", 204, vault -> glacier.addTagsToVault(b -> b.accountId("-")
                .vaultName(vault).tags(Map.of("LegalHold", "true"))));
    }

    @Test
    void initiateJobRacingDeleteVaultEitherHappensFirstOrFindsNoVault() throws Exception {
        raceWithDeleteVault("race-job-delete-", 202, vault -> glacier.initiateJob(b -> b.accountId("-")
                .vaultName(vault).jobParameters(p -> p.type("inventory-retrieval"))));
    }

    /**
     * A write under a vault racing DeleteVault of that (empty) vault: the write then the delete (both
     * succeed), or the delete first and the write finds no vault (404); never a 5xx.
     */
    private static void raceWithDeleteVault(String prefix, int writeStatus, Function<String, GlacierResponse> write)
            throws Exception {
        for (int i = 0; i < TRIES; i++) {
            String vault = prefix + i;
            createVault(vault);
            List<Answer> answers = race(
                    () -> answer(() -> status(write.apply(vault))),
                    () -> answer(() -> status(glacier.deleteVault(b -> b.accountId("-").vaultName(vault)))));

            assertThat(answers.get(1)).as("try %d: %s", i, answers).isEqualTo(new Answer(204, ""));
            assertThat(answers.get(0)).as("try %d", i).isIn(new Answer(writeStatus, ""),
                    new Answer(404, "Vault not found for ARN: " + Identities.vaultArn(OWNER, vault)));
        }
    }

    private static String uploadWithOnePart(String vault) {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(vault).partSize("1048576"))
                .uploadId();
        glacier.uploadMultipartPart(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                .range("bytes 0-" + (PART.length - 1) + "/*").checksum(PART_HASH), RequestBody.fromBytes(PART));
        return uploadId;
    }

    private static Answer complete(String vault, String uploadId) throws Exception {
        return answer(() -> {
            var done = glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(vault).uploadId(uploadId)
                    .archiveSize(Integer.toString(PART.length)).checksum(PART_HASH));
            return new Answer(done.sdkHttpResponse().statusCode(), done.archiveId());
        });
    }

    private static Answer status(GlacierResponse response) {
        return new Answer(response.sdkHttpResponse().statusCode(), "");
    }

    /** The call's own answer, or the status and message of the Glacier error it failed with. */
    private static Answer answer(Callable<Answer> call) throws Exception {
        try {
            return call.call();
        } catch (GlacierException e) {
            return new Answer(e.statusCode(), e.awsErrorDetails().errorMessage());
        }
    }
}
