package io.permafrost.clients;

import io.permafrost.http.TlsSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The shell sessions of README.md and docs/jobs.md, run verbatim with bash and the AWS CLI against a
 * server this test starts (issue 14), so the documentation a newcomer pastes cannot rot. Each session
 * is taken from its section by heading; a missing section fails the test. Every command of a session
 * must exit 0 except the ones the README itself says are refused.
 */
class ReadmeSessionsIT {
    private static final Path README = Path.of("README.md");
    private static final Path JOBS = Path.of("docs/jobs.md");
    private static final int README_PORT = 8700;
    /** bash reports every failing command on stderr instead of stopping, so the test sees all of them. */
    private static final String REPORT_FAILURES = "trap 'echo \"FAILED($?): $BASH_COMMAND\" >&2' ERR\n";

    @Test
    void firstSessionWithTheAwsCli(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("aws", "--version");
        String session = onlyShellBlock(README, "## A first session with the AWS CLI");
        try (MatrixServer server = startOnReadmePort(null)) {
            Result result = runBash(dir, server, session, Map.of());
            assertThat(result.failures()).as(result.output()).isEmpty();
            assertThat(result.output()).contains("\"VaultName\": \"photos\"", "\"NumberOfArchives\"");
        }
    }

    @Test
    void lockingAVaultRefusesTheDeleteAndEndsLocked(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("aws", "--version");
        OutsideClient.assumeInstalled("jq", "--version");
        String session = onlyShellBlock(README, "### The session");
        try (MatrixServer server = startOnReadmePort(null)) {
            Result result = runBash(dir, server, session, Map.of());
            // The one refusal the README shows: the delete of a fresh archive, denied by the lock.
            assertThat(result.failures()).as(result.output()).singleElement().asString().contains("delete-archive");
            assertThat(result.output()).contains("AccessDeniedException", "with an explicit deny",
                    "\"State\": \"InProgress\"", "\"State\": \"Locked\"");
        }
    }

    @Test
    void legalHoldByTag(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("aws", "--version");
        String section = section(README, "### Legal hold by tag");
        String policy = blocks(section, "json").get(0);
        String session = onlyBlock(section, "sh");
        Files.writeString(dir.resolve("hold.json"), policy);
        // The README says: create `evidence` and lock it with this policy "exactly as in the session
        // above"; this is that set-up, with the session's exports and $EP, which the reader's shell has.
        String setUp = exportsOf(onlyShellBlock(README, "### The session"))
                + "aws glacier create-vault --account-id - --vault-name evidence $EP\n"
                + "jq -n --rawfile p hold.json '{Policy: $p}' > lock-policy.json\n"
                + "LOCK_ID=$(aws glacier initiate-vault-lock --account-id - --vault-name evidence "
                + "--policy file://lock-policy.json --query lockId --output text $EP)\n"
                + "aws glacier complete-vault-lock --account-id - --vault-name evidence --lock-id \"$LOCK_ID\" $EP\n"
                + "echo evidence > e.txt\n"
                + "A=$(aws glacier upload-archive --account-id - --vault-name evidence --body e.txt "
                + "--query archiveId --output text $EP)\n";
        String afterwards = "echo TAGS; aws glacier list-tags-for-vault --account-id - --vault-name evidence $EP\n"
                + "aws glacier delete-archive --account-id - --vault-name evidence --archive-id \"$A\" $EP\n";
        try (MatrixServer server = startOnReadmePort(null)) {
            Result result = runBash(dir, server, setUp + session + afterwards, Map.of());
            // Only our own last delete fails: the hold is lifted but the retention rule still applies.
            assertThat(result.failures()).as(result.output()).singleElement().asString().contains("delete-archive");
            assertThat(result.output()).doesNotContain("\"LegalHold\"").contains("with an explicit deny");
        }
    }

    @Test
    void httpsSnippet(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("aws", "--version");
        OutsideClient.assumeInstalled("openssl", "version");
        String snippet = onlyShellBlock(README, "### HTTPS");
        // The README starts the server with `java -jar`, which is not built when tests run: the test
        // runs the lines before that one, starts the same server in process with the key store they
        // made, then runs the lines after it.
        String[] parts = snippet.split("(?m)^PERMAFROST_TLS_KEYSTORE_PASSWORD=.*java -jar .*\\n", 2);
        assertThat(parts).as("the HTTPS snippet starts the server with java -jar").hasSize(2);
        Result keys = runBash(dir, null, parts[0] + "echo \"$PW\" > pw.txt\n", Map.of());
        assertThat(keys.failures()).as(keys.output()).isEmpty();
        String password = Files.readString(dir.resolve("pw.txt")).strip();
        try (MatrixServer server = startOnReadmePort(new TlsSettings(dir.resolve("server.p12"), password))) {
            // The snippet continues the reader's shell: the exports of the first session are still set.
            String firstSession = onlyShellBlock(README, "## A first session with the AWS CLI");
            Result result = runBash(dir, server, exportsOf(firstSession) + parts[1], Map.of());
            assertThat(result.failures()).as(result.output()).isEmpty();
            assertThat(result.output()).contains("VaultList");
        }
    }

    @Test
    void restoreWalkThroughOfTheJobsDoc(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("aws", "--version");
        OutsideClient.assumeInstalled("python3", "--version");
        // The doc's key lines are placeholders ("..."): the reader pastes their own key there, the test
        // drops those two lines and gives the key in the environment. Jobs complete at once here (the
        // default delays), so the wait loop ends on its first check.
        String session = onlyShellBlock(JOBS, "## Restoring an archive with the AWS CLI")
                .replaceAll("(?m)^export AWS_(ACCESS_KEY_ID|SECRET_ACCESS_KEY)=\\.\\.\\..*\\n", "");
        try (MatrixServer server = startOnReadmePort(null)) {
            Result result = runBash(dir, server, session, credentials());
            assertThat(result.failures()).as(result.output()).isEmpty();
            assertThat(Files.readString(dir.resolve("restored.bin"))).isEqualTo("hello glacier\n");
            assertThat(result.output()).contains("bytes 0-13/14");
        }
    }

    private static Map<String, String> credentials() {
        return Map.of("AWS_ACCESS_KEY_ID", MatrixServer.KEY, "AWS_SECRET_ACCESS_KEY", MatrixServer.SECRET);
    }

    /** The README's port when it is free (the sessions then run byte for byte), otherwise any free port. */
    private static MatrixServer startOnReadmePort(TlsSettings tls) throws Exception {
        return new MatrixServer(readmePortIsFree() ? README_PORT : 0, tls);
    }

    private static boolean readmePortIsFree() {
        try (ServerSocket probe = new ServerSocket(README_PORT, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Runs {@code script} with bash in {@code dir}; when the server is not on the README's port, that one port is substituted. */
    private static Result runBash(Path dir, MatrixServer server, String script, Map<String, String> extra) throws Exception {
        String text = server == null || server.port() == README_PORT ? script
                : script.replace("localhost:" + README_PORT, "localhost:" + server.port());
        Path file = dir.resolve("session.sh");
        Files.writeString(file, REPORT_FAILURES + text);
        ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("PERMAFROST_"));
        // Only isolation from this machine's own AWS set-up; everything else is what the README exports.
        builder.environment().putAll(Map.of("AWS_CONFIG_FILE", "/dev/null", "AWS_SHARED_CREDENTIALS_FILE", "/dev/null",
                "AWS_EC2_METADATA_DISABLED", "true", "AWS_PAGER", ""));
        builder.environment().putAll(extra);
        // Output to a file, not a pipe read to its end: a session that hangs must fail this test, not the build.
        Path log = dir.resolve("session.log");
        builder.redirectOutput(log.toFile());
        Process process = builder.start();
        boolean finished = process.waitFor(3, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(finished).as(() -> "the session did not end within 3 minutes; its output:\n" + output).isTrue();
        List<String> failures = output.lines().filter(l -> l.startsWith("FAILED(")).toList();
        return new Result(output, failures);
    }

    private record Result(String output, List<String> failures) {
    }

    private static String exportsOf(String session) {
        StringBuilder b = new StringBuilder();
        session.lines().filter(l -> l.startsWith("export ") || l.startsWith("EP=")).forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    private static String onlyShellBlock(Path doc, String heading) throws IOException {
        return onlyBlock(section(doc, heading), "sh");
    }

    private static String onlyBlock(String section, String language) {
        List<String> found = blocks(section, language);
        assertThat(found).as("```%s blocks in the section", language).hasSize(1);
        return found.get(0);
    }

    /** The text under {@code heading} up to the next heading of the same or a higher level, fences respected. */
    private static String section(Path doc, String heading) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        int level = heading.indexOf(' ');
        StringBuilder body = null;
        boolean inFence = false;
        for (String line : lines) {
            if (line.startsWith("```")) {
                inFence = !inFence;
            }
            if (!inFence && !line.startsWith("```") && body == null && line.equals(heading)) {
                body = new StringBuilder();
                continue;
            }
            if (body != null) {
                if (!inFence && line.matches("#{1," + level + "} .*")) {
                    break;
                }
                body.append(line).append('\n');
            }
        }
        if (body == null) {
            fail("%s has no section '%s': the test that runs its session must follow it", doc, heading);
        }
        return body.toString();
    }

    private static List<String> blocks(String section, String language) {
        List<String> found = new ArrayList<>();
        StringBuilder current = null;
        for (String line : section.split("\n", -1)) {
            if (current == null && line.equals("```" + language)) {
                current = new StringBuilder();
            } else if (current != null && line.equals("```")) {
                found.add(current.toString());
                current = null;
            } else if (current != null) {
                current.append(line).append('\n');
            }
        }
        return found;
    }
}
