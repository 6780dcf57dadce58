package io.permafrost.clients;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS SDK for JavaScript v3 ({@code @aws-sdk/client-glacier}), installed by npm into {@code target/js}
 * on first run; skipped with the reason printed where node or npm is absent or the install fails
 * (offline without npm's cache). The SDK never decides multipart by size: the script uploads two
 * explicit 1 MiB parts.
 */
class JsSdkClientIT extends MatrixTest {
    static final String SDK = "@aws-sdk/client-glacier@3.1048.0";
    private static final Path JS = Path.of("target/js");

    @Test
    void javascriptSdkRunsTheWholeWorkflow() throws Exception {
        OutsideClient.assumeInstalled("node", "--version");
        if (!Files.exists(JS.resolve("node_modules/@aws-sdk/client-glacier/package.json"))) {
            OutsideClient.assumeInstalled("npm", "install", "--no-audit", "--no-fund", "--prefix", JS.toString(), SDK);
        }
        Path script = JS.resolve("js_workflow.mjs");
        try (var in = JsSdkClientIT.class.getResourceAsStream("/clients/js_workflow.mjs")) {
            Files.write(script, in.readAllBytes());
        }
        String output = new OutsideClient(server, JS).run(List.of("node", script.getFileName().toString(),
                server.endpoint().toString()));
        assertThat(output.strip()).endsWith("ok");
    }
}
