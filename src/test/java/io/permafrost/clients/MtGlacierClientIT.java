package io.permafrost.clients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * mt-aws-glacier: sync a folder (one small file, one above its 1 MiB part size, so uploaded in parts),
 * inventory, restore the deleted files, purge and delete the vault. Runs only where {@code mtglacier}
 * is installed (it is not installed by the build); it reaches the server through its test hook
 * {@code MTGLACIER_FAKE_HOST} with {@code protocol=http}.
 */
class MtGlacierClientIT extends MatrixTest {
    @Test
    void mtGlacierSyncsRestoresAndPurges(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("mtglacier", "help");
        Path config = dir.resolve("glacier.cfg");
        Files.writeString(config, "key=" + MatrixServer.KEY + "\nsecret=" + MatrixServer.SECRET + "\nregion="
                + MatrixServer.REGION + "\nprotocol=http\n");
        Path files = Files.createDirectory(dir.resolve("files"));
        byte[] small = "archived by mt-aws-glacier".getBytes(StandardCharsets.UTF_8);
        byte[] big = new byte[3 * 1024 * 1024 + 5];
        new Random(5).nextBytes(big);
        Files.write(files.resolve("small.txt"), small);
        Files.write(files.resolve("big.bin"), big);
        OutsideClient mtglacier = new OutsideClient(server, dir);
        Map<String, String> hook = Map.of("MTGLACIER_FAKE_HOST", "127.0.0.1:" + server.port());

        mtglacier.run(command(config, "create-vault", "mt"), hook);
        mtglacier.run(command(config, "sync", "--from-dir", files.toString(), "--to-vault", "mt", "--journal",
                "journal.log", "--partsize", "1"), hook);
        assertThat(mtglacier.run(command(config, "list-vaults"), hook)).contains("mt");
        mtglacier.run(command(config, "retrieve-inventory", "--vault", "mt"), hook);
        mtglacier.run(command(config, "download-inventory", "--vault", "mt", "--new-journal", "inventory.log"), hook);
        assertThat(Files.readString(dir.resolve("inventory.log"))).contains("small.txt", "big.bin");

        Files.delete(files.resolve("small.txt"));
        Files.delete(files.resolve("big.bin"));
        mtglacier.run(command(config, "restore", "--from-dir", files.toString(), "--to-vault", "mt", "--journal",
                "journal.log", "--max-number-of-files", "10"), hook);
        mtglacier.run(command(config, "restore-completed", "--from-dir", files.toString(), "--vault", "mt",
                "--journal", "journal.log"), hook);
        assertThat(Files.readAllBytes(files.resolve("small.txt"))).isEqualTo(small);
        assertThat(Files.readAllBytes(files.resolve("big.bin"))).isEqualTo(big);

        mtglacier.run(command(config, "purge-vault", "--vault", "mt", "--journal", "journal.log"), hook);
        mtglacier.run(command(config, "delete-vault", "mt"), hook);
    }

    private static List<String> command(Path config, String... arguments) {
        List<String> command = new ArrayList<>(List.of("mtglacier"));
        command.addAll(List.of(arguments));
        command.addAll(List.of("--config", config.toString()));
        return command;
    }
}
