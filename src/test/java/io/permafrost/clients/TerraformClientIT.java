package io.permafrost.clients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.DescribeVaultOutput;
import software.amazon.awssdk.services.glacier.model.GetVaultLockResponse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Terraform's AWS provider (5.100.0, from the filesystem mirror {@value #MIRROR}): apply creates a vault
 * with tags, an access policy and a vault lock, which the v2 SDK then sees. An in-progress lock is
 * aborted by destroy, which then deletes the vault; a completed one makes destroy fail and stays Locked.
 * Skipped with the reason printed where terraform or the mirror is absent.
 */
class TerraformClientIT extends MatrixTest {
    private static final String MIRROR = "/opt/tf-plugins";

    @Test
    void applyCreatesTheVaultItsTagsPolicyAndLockAndDestroyRemovesThem(@TempDir Path dir) throws Exception {
        Terraform terraform = new Terraform(dir, "terraform", false);
        terraform.run("apply", "-auto-approve");
        try (GlacierClient glacier = v2Client()) {
            assertThat(glacier.listTagsForVault(b -> b.vaultName("terraform")).tags())
                    .isEqualTo(Map.of("team", "records", "keep", "7y"));
            assertThat(glacier.getVaultAccessPolicy(b -> b.vaultName("terraform")).policy().policy())
                    .contains("read-only-for-auditors", "glacier:GetJobOutput");
            GetVaultLockResponse lock = glacier.getVaultLock(b -> b.vaultName("terraform"));
            assertThat(lock.state()).isEqualTo("InProgress");
            assertThat(lock.policy()).contains("no-early-deletes");

            // -detailed-exitcode exits 2 on any change: what the server answers reads back as what was applied.
            terraform.run("plan", "-detailed-exitcode");

            terraform.run("destroy", "-auto-approve");
            assertThat(glacier.listVaults().vaultList()).extracting(DescribeVaultOutput::vaultName)
                    .doesNotContain("terraform");
        }
    }

    @Test
    void destroyCannotRemoveACompletedLock(@TempDir Path dir) throws Exception {
        Terraform terraform = new Terraform(dir, "terraform-locked", true);
        terraform.run("apply", "-auto-approve");
        try (GlacierClient glacier = v2Client()) {
            assertThat(glacier.getVaultLock(b -> b.vaultName("terraform-locked")).state()).isEqualTo("Locked");

            assertThat(terraform.fail("destroy", "-auto-approve")).contains("AccessDeniedException");
            assertThat(glacier.getVaultLock(b -> b.vaultName("terraform-locked")).policy()).contains("no-early-deletes");
            assertThat(glacier.getVaultLock(b -> b.vaultName("terraform-locked")).state()).isEqualTo("Locked");
        }
    }

    /** One Terraform working directory holding the matrix's configuration, initialised from the mirror. */
    private static final class Terraform {
        private final OutsideClient client;
        private final Map<String, String> environment = new HashMap<>();

        Terraform(Path dir, String vault, boolean completeLock) throws Exception {
            OutsideClient.assumeInstalled("terraform", "version");
            boolean mirrored = Files.isDirectory(Path.of(MIRROR, "registry.terraform.io/hashicorp/aws"));
            if (!mirrored) {
                System.out.println("SKIPPED client: no AWS provider in the mirror " + MIRROR);
            }
            assumeTrue(mirrored, "no AWS provider in the mirror " + MIRROR);
            try (var in = TerraformClientIT.class.getResourceAsStream("/clients/terraform_vault.tf")) {
                Files.write(dir.resolve("main.tf"), in.readAllBytes());
            }
            Path cliConfig = dir.resolve("terraformrc");
            Files.writeString(cliConfig, "provider_installation {\n  filesystem_mirror {\n    path = \"" + MIRROR
                    + "\"\n  }\n}\n");
            environment.putAll(Map.of("TF_CLI_CONFIG_FILE", cliConfig.toString(), "HOME", dir.toString(),
                    "TF_IN_AUTOMATION", "1", "CHECKPOINT_DISABLE", "1",
                    "TF_VAR_endpoint", server.endpoint().toString(), "TF_VAR_account", MatrixServer.ACCOUNT,
                    "TF_VAR_vault", vault, "TF_VAR_complete_lock", Boolean.toString(completeLock)));
            client = new OutsideClient(server, dir);
            run("init");
        }

        String run(String... arguments) throws Exception {
            return client.run(command(arguments), environment);
        }

        String fail(String... arguments) throws Exception {
            return client.runFailing(command(arguments), environment);
        }

        private static List<String> command(String... arguments) {
            List<String> command = new ArrayList<>(List.of("terraform"));
            command.addAll(List.of(arguments));
            command.addAll(List.of("-input=false", "-no-color"));
            return command;
        }
    }

    private static GlacierClient v2Client() {
        return GlacierClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MatrixServer.KEY, MatrixServer.SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }
}
