package io.permafrost.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** boto3 and the AWS CLI v1 (botocore underneath), each through its whole workflow; skipped where absent. */
class PythonClientsIT extends MatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void boto3RunsTheWholeWorkflow(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("python3", "-c", "import boto3");
        Path script = dir.resolve("boto3_workflow.py");
        try (var in = PythonClientsIT.class.getResourceAsStream("/clients/boto3_workflow.py")) {
            Files.write(script, in.readAllBytes());
        }
        String output = new OutsideClient(server, dir).run(List.of("python3", script.toString(),
                server.endpoint().toString()));
        assertThat(output.strip()).endsWith("ok");
    }

    @Test
    void awsCliRunsTheWholeWorkflow(@TempDir Path dir) throws Exception {
        OutsideClient.assumeInstalled("aws", "--version");
        OutsideClient cli = new OutsideClient(server, dir);
        byte[] data = "archived by the AWS CLI".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Files.write(dir.resolve("archive.bin"), data);

        aws(cli, "create-vault", "--vault-name", "cli");
        String archiveId = JSON.readTree(aws(cli, "upload-archive", "--vault-name", "cli", "--body", "archive.bin"))
                .get("archiveId").asText();
        assertThat(aws(cli, "list-vaults")).contains("\"VaultName\": \"cli\"");
        String inventory = completedJob(cli, "{\"Type\":\"inventory-retrieval\"}");
        aws(cli, "get-job-output", "--vault-name", "cli", "--job-id", inventory, "inventory.json");
        assertThat(Files.readString(dir.resolve("inventory.json"))).contains(archiveId);
        String retrieval = completedJob(cli, "{\"Type\":\"archive-retrieval\",\"ArchiveId\":\"" + archiveId + "\"}");
        aws(cli, "get-job-output", "--vault-name", "cli", "--job-id", retrieval, "back.bin");
        assertThat(Files.readAllBytes(dir.resolve("back.bin"))).isEqualTo(data);
        aws(cli, "delete-archive", "--vault-name", "cli", "--archive-id", archiveId);
        aws(cli, "delete-vault", "--vault-name", "cli");
    }

    private static String completedJob(OutsideClient cli, String parameters) throws Exception {
        String jobId = JSON.readTree(aws(cli, "initiate-job", "--vault-name", "cli", "--job-parameters", parameters))
                .get("jobId").asText();
        JsonNode job;
        do {
            job = JSON.readTree(aws(cli, "describe-job", "--vault-name", "cli", "--job-id", jobId));
        } while (!job.get("Completed").asBoolean());
        return jobId;
    }

    private static String aws(OutsideClient cli, String... glacierArguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", server.endpoint().toString(),
                "--output", "json", "glacier"));
        command.add(glacierArguments[0]);
        command.addAll(List.of("--account-id", "-"));
        command.addAll(List.of(glacierArguments).subList(1, glacierArguments.length));
        return cli.run(command);
    }
}
