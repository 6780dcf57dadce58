package io.permafrost.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.auth.Credential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Pins the documented defaults and the precedence flags > environment > file, so they cannot drift silently. */
class ServerConfigDefaultsTest {
    @TempDir
    Path dir;

    @Test
    void defaultsAreAwsValues() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        ServerConfig config = serve.resolve(null, Map.of());
        assertThat(config.port()).isEqualTo(8700);
        assertThat(config.host()).isEqualTo("127.0.0.1");
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.lockExpiry()).isEqualTo(Duration.ofHours(24));
        assertThat(config.clockSkew()).isEqualTo(Duration.ofMinutes(15));
        assertThat(config.requestIdleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(config.maxVaultsPerAccount()).isEqualTo(1000);
        assertThat(config.blobDeletionPace()).isEqualTo(new io.permafrost.vault.BlobDeletionPace(32, Duration.ofMillis(20)));
        assertThat(config.tls()).as("plain HTTP unless a key store is given").isNull();
        assertThat(config.jobs().retention()).isEqualTo(Duration.ofHours(24));
        assertThat(config.inventory()).isEqualTo(new io.permafrost.vault.InventorySettings(
                io.permafrost.vault.InventorySettings.Mode.PER_JOB, Duration.ofHours(24)));
        assertThat(ServerConfig.DEFAULT_DATA).isEqualTo(Path.of("permafrost-data"));
    }

    @Test
    void theBlobDeletionPaceComesFromTheFileAndABadOneIsRefused() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        var file = new ObjectMapper().readTree("{\"blobDeletionBatch\": 5, \"blobDeletionPause\": \"2s\"}");
        assertThat(serve.resolve(file, Map.of()).blobDeletionPace())
                .isEqualTo(new io.permafrost.vault.BlobDeletionPace(5, Duration.ofSeconds(2)));
        assertThatThrownBy(() -> serve.resolve(new ObjectMapper().readTree("{\"blobDeletionBatch\": 0}"), Map.of()))
                .isInstanceOf(StartupException.class).hasMessageContaining("blobDeletionBatch");
    }

    @Test
    void generatedRootKeyIsStoredOwnerOnlyAndReused() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        Credential first = serve.resolve(null, Map.of()).credentials().get(0);
        Path file = dir.resolve(RootCredentials.FILE);
        assertThat(Files.getPosixFilePermissions(file))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Credential again = serve.resolve(null, Map.of()).credentials().get(0);
        assertThat(again.accessKeyId()).isEqualTo(first.accessKeyId());
        assertThat(again.secretAccessKey()).isEqualTo(first.secretAccessKey());
        assertThat(first.caller().accountId()).isEqualTo("123456789012");
    }

    @Test
    void environmentKeysWinAndFlagsWinOverFile() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        serve.lockExpiry = "30s";
        var file = new ObjectMapper().readTree("{\"region\":\"eu-west-1\",\"lockExpiry\":\"2h\",\"port\":9999}");
        ServerConfig config = serve.resolve(file, Map.of("PERMAFROST_ACCESS_KEY_ID", "AK", "PERMAFROST_SECRET_ACCESS_KEY",
                "SK", "PERMAFROST_ACCOUNT_ID", "111122223333", "PERMAFROST_REGION", "us-west-2"));
        assertThat(config.region()).isEqualTo("us-west-2");
        assertThat(config.lockExpiry()).isEqualTo(Duration.ofSeconds(30));
        assertThat(config.port()).isEqualTo(9999);
        assertThat(config.credentials()).anySatisfy(c -> {
            assertThat(c.accessKeyId()).isEqualTo("AK");
            assertThat(c.caller().arn()).isEqualTo("arn:aws:iam::111122223333:root");
        });
        assertThat(Files.exists(dir.resolve(RootCredentials.FILE))).isFalse();
    }

    @Test
    void accountsAndUsersComeFromTheConfigFile() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        var file = new ObjectMapper().readTree("""
                {"accounts":[{"id":"444455556666",
                  "rootKeys":[{"accessKeyId":"OTHERROOT","secretAccessKey":"s1"}],
                  "users":[{"name":"alice","keys":[{"accessKeyId":"ALICE","secretAccessKey":"s2"}],
                            "policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Allow",
                               "Action":"glacier:Describe*","Resource":"*"}]}]}]}]}""");
        ServerConfig config = serve.resolve(file, Map.of());
        assertThat(config.credentials()).anySatisfy(c -> {
            assertThat(c.accessKeyId()).isEqualTo("ALICE");
            assertThat(c.caller().arn()).isEqualTo("arn:aws:iam::444455556666:user/alice");
            assertThat(c.caller().identityPolicies()).hasSize(1);
        });
        assertThat(config.credentials()).anySatisfy(c -> assertThat(c.caller().arn())
                .isEqualTo("arn:aws:iam::444455556666:root"));
    }

    @Test
    void anInvalidIdentityPolicyStopsTheServer() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        var file = new ObjectMapper().readTree("""
                {"accounts":[{"id":"444455556666","users":[{"name":"bob","keys":[],
                  "policies":[{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}]}]}]}""");
        assertThatThrownBy(() -> serve.resolve(file, Map.of())).hasMessageContaining("bob");
    }

    @Test
    void durationsAcceptShortAndIsoForms() {
        assertThat(Durations.parse("test", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("test", "2d")).isEqualTo(Duration.ofDays(2));
        assertThat(Durations.parse("test", "PT24H")).isEqualTo(Duration.ofHours(24));
        assertThatThrownBy(() -> Durations.parse("test", "soon")).isInstanceOf(IllegalArgumentException.class);
    }
}
