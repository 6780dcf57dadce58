package io.permafrost.it;

import static io.permafrost.testing.ConcurrentCalls.race;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.testing.GeneratedBody;
import io.permafrost.testing.RecoverCommand;
import io.permafrost.testing.SequentialParts;
import io.permafrost.testing.ServerProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GlacierException;

/**
 * Two identical CompleteMultipartUpload requests at the same moment: each writes the manifest of its
 * own archive id before the database picks the winner, so the manifests must not share a file (the
 * loser overwrote or deleted the winner's, or failed with a 500), and {@code recover} on the intact
 * directory afterwards must find every archive known and add none over the same blobs.
 */
class CompletionRaceIT {
    private static final String VAULT = "race-complete";
    private static final long MIB = 1024 * 1024;
    /** A full part and a 10-byte last part (kept inline in the database, its bytes in the manifest). */
    private static final long ARCHIVE_SIZE = MIB + 10;
    private static final int ROUNDS = 15;
    private static final String[] QUICK_START = {"-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"};
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    private ServerProcess server;

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /** What one Complete answered: its status, and the archive id or the error message. */
    private record Answer(int status, String detail) {
    }

    @Test
    void bothOfTwoConcurrentCompletesNameTheOneArchiveWhoseManifestIsItsOwn() throws Exception {
        server = ServerProcess.start(dataDir, "256m", QUICK_START);
        List<List<Answer>> rounds = raceCompletes(server.client());

        List<String> acknowledged = new ArrayList<>();
        for (int round = 0; round < rounds.size(); round++) {
            List<Answer> answers = rounds.get(round);
            assertThat(answers).as("round %d", round).allSatisfy(a -> assertThat(a.status()).isEqualTo(201));
            assertThat(answers.get(1).detail()).as("round %d: both name one archive", round)
                    .isEqualTo(answers.get(0).detail());
            acknowledged.add(answers.get(0).detail());
        }
        assertThat(manifestCountByArchiveId()).as("manifests by the archive id they name")
                .isEqualTo(acknowledged.stream().collect(Collectors.toMap(Function.identity(), id -> 1L)));
    }

    @Test
    void recoverOnTheIntactDirectoryAfterRacedCompletesAddsNothing() throws Exception {
        server = ServerProcess.start(dataDir, "256m", QUICK_START);
        // Whatever the races answered, recover must find every acknowledged archive known and add none.
        List<String> acknowledged = raceCompletes(server.client()).stream().flatMap(List::stream)
                .filter(a -> a.status() == 201).map(Answer::detail).distinct().toList();
        server.close();
        server = null;

        RecoverCommand.Recovery recovery = RecoverCommand.run(dataDir);
        assertThat(recovery.output()).as("recover on intact metadata")
                .contains("recovered 0 archive(s) (" + acknowledged.size() + " already known)")
                .doesNotContain("SKIPPED");
        assertThat(recovery.exitCode()).as(recovery.output()).isZero();
    }

    /** Races two identical Completes of a fresh upload, {@link #ROUNDS} times; returns each round's two answers. */
    private static List<List<Answer>> raceCompletes(GlacierClient glacier) throws Exception {
        glacier.createVault(b -> b.accountId("-").vaultName(VAULT));
        List<List<Answer>> rounds = new ArrayList<>();
        for (int round = 0; round < ROUNDS; round++) {
            GeneratedBody body = new GeneratedBody(ARCHIVE_SIZE, round);
            String uploadId = uploadParts(glacier, body);
            rounds.add(race(() -> complete(glacier, uploadId, body), () -> complete(glacier, uploadId, body)));
        }
        return rounds;
    }

    private static String uploadParts(GlacierClient glacier, GeneratedBody body) {
        String uploadId = glacier.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT)
                .partSize(Long.toString(MIB))).uploadId();
        SequentialParts.send(glacier, VAULT, uploadId, body, MIB);
        return uploadId;
    }

    private static Answer complete(GlacierClient glacier, String uploadId, GeneratedBody body) {
        try {
            var done = glacier.completeMultipartUpload(b -> b.accountId("-").vaultName(VAULT).uploadId(uploadId)
                    .archiveSize(Long.toString(body.length())).checksum(body.treeHash()));
            return new Answer(done.sdkHttpResponse().statusCode(), done.archiveId());
        } catch (GlacierException e) {
            return new Answer(e.statusCode(), e.awsErrorDetails().errorMessage());
        }
    }

    /** Every committed manifest file below {@code blobs/} (not the temp files), counted by the archive id it names. */
    private Map<String, Long> manifestCountByArchiveId() throws IOException {
        Path blobs = dataDir.resolve("blobs");
        try (Stream<Path> files = Files.walk(blobs)) {
            return files.filter(Files::isRegularFile).filter(f -> !f.startsWith(blobs.resolve("tmp")))
                    .filter(f -> f.getFileName().toString().endsWith(".archive"))
                    .collect(Collectors.groupingBy(CompletionRaceIT::archiveIdIn, Collectors.counting()));
        }
    }

    private static String archiveIdIn(Path manifest) {
        try {
            return JSON.readTree(manifest.toFile()).path("archiveId").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
