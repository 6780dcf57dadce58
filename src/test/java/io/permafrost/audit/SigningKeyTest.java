package io.permafrost.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;

class SigningKeyTest {
    @TempDir
    Path dir;

    @Test
    void aNewKeyIsOwnerOnlyAndItsPublicHalfIsExported() throws Exception {
        Path file = dir.resolve("audit-signing-key");
        SigningKey key = SigningKey.loadOrCreate(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("audit-signing-key.pub"))).isEqualTo(key.publicKeyPem());
        assertThat(key.publicKeyPem()).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
    }

    @Test
    void aKeyInAFolderNotYetThereIsCreatedWithItsFolder() throws Exception {
        // A cluster node started from any working directory: its default ./permafrost-data/ may not exist.
        Path file = dir.resolve("permafrost-data").resolve("audit-signing-key");
        SigningKey key = SigningKey.loadOrCreate(file);
        assertThat(file).exists();
        assertThat(SigningKey.loadOrCreate(file).publicKeyPem()).isEqualTo(key.publicKeyPem());
    }

    @Test
    void reloadingGivesTheSameKeyPair() throws Exception {
        Path file = dir.resolve("key");
        SigningKey created = SigningKey.loadOrCreate(file);
        Files.delete(dir.resolve("key.pub"));

        SigningKey loaded = SigningKey.loadOrCreate(file);

        assertThat(loaded.publicKeyPem()).isEqualTo(created.publicKeyPem());
        byte[] data = "checkpoint".getBytes(StandardCharsets.UTF_8);
        assertThat(SigningKey.verify(created.publicKeyPem(), data, loaded.sign(data))).isTrue();
        assertThat(Files.readString(dir.resolve("key.pub"))).isEqualTo(created.publicKeyPem());
    }

    @Test
    void aSignatureVerifiesOnlyForItsDataAndKey() throws Exception {
        SigningKey key = SigningKey.loadOrCreate(dir.resolve("a"));
        SigningKey other = SigningKey.loadOrCreate(dir.resolve("b"));
        byte[] data = "checkpoint".getBytes(StandardCharsets.UTF_8);
        byte[] signature = key.sign(data);

        assertThat(SigningKey.verify(key.publicKeyPem(), data, signature)).isTrue();
        assertThat(SigningKey.verify(other.publicKeyPem(), data, signature)).isFalse();
        assertThat(SigningKey.verify(key.publicKeyPem(), "checkpoinT".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        assertThat(SigningKey.verify("not a key", data, signature)).isFalse();
    }
}
