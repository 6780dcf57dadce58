package io.permafrost.clients;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.GetVaultLockResponse;
import software.amazon.awssdk.services.glacier.model.DescribeVaultOutput;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Terraform's AWS provider (5.100.0, from the filesystem mirror {@value #MIRROR}): apply creates a vault
 * with tags, an access policy and an in-progress vault lock; the v2 SDK sees all three; destroy aborts the
 * lock and deletes the vault. Skipped with the reason printed where terraform or the mirror is absent.
 */
class TerraformClientIT extends MatrixTest {
    private static final String MIRROR = "/opt/tf-plugins";

    @Test
    void applyCreatesTheVaultItsTagsPolicyAndLockAndDestroyRemovesThem(@TempDir Path dir) throws Exception {
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
        Map<String, String> environment = Map.of("TF_CLI_CONFIG_FILE", cliConfig.toString(),
                "HOME", dir.toString(), "TF_IN_AUTOMATION", "1", "CHECKPOINT_DISABLE", "1",
                "TF_VAR_endpoint", server.endpoint().toString(), "TF_VAR_account", MatrixServer.ACCOUNT);
        OutsideClient terraform = new OutsideClient(server, dir);

        terraform.run(List.of("terraform", "init", "-input=false", "-no-color"), environment);
        terraform.run(List.of("terraform", "apply", "-auto-approve", "-input=false", "-no-color"), environment);
        try (GlacierClient glacier = v2Client()) {
            assertThat(glacier.listTagsForVault(b -> b.vaultName("terraform")).tags())
                    .isEqualTo(Map.of("team", "records", "keep", "7y"));
            assertThat(glacier.getVaultAccessPolicy(b -> b.vaultName("terraform")).policy().policy())
                    .contains("read-only-for-auditors", "glacier:GetJobOutput");
            GetVaultLockResponse lock = glacier.getVaultLock(b -> b.vaultName("terraform"));
            assertThat(lock.state()).isEqualTo("InProgress");
            assertThat(lock.policy()).contains("no-early-deletes");

            // A second plan finds nothing to change: what the server answers reads back as what was applied.
            terraform.run(List.of("terraform", "plan", "-detailed-exitcode", "-input=false", "-no-color"), environment);

            terraform.run(List.of("terraform", "destroy", "-auto-approve", "-input=false", "-no-color"), environment);
            assertThat(glacier.listVaults().vaultList()).extracting(DescribeVaultOutput::vaultName).doesNotContain("terraform");
        }
    }

    private static GlacierClient v2Client() {
        return GlacierClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(MatrixServer.KEY, MatrixServer.SECRET)))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }
}
