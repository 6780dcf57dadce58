package io.permafrost.cli;

import io.permafrost.clock.SystemTimeSource;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The parts of the identity pin that need no second JVM; IdentityPinIT restarts real servers. */
class IdentityPinTest {
    @TempDir
    Path dir;

    private final List<Credential> root = List.of(Credential.permanent("ROOTKEY", "secret", Caller.root("111122223333")));

    @Test
    void theFirstStartPinsTheRegionAndLaterStartsLeaveTheFileAlone() throws Exception {
        start(ServerConfig.defaults(dir, root).withRegion("eu-central-1"));
        byte[] pinned = Files.readAllBytes(dir.resolve(IdentityFile.NAME));
        assertThat(new ObjectMapper().readTree(pinned).get("region").asText()).isEqualTo("eu-central-1");

        start(ServerConfig.defaults(dir, root).withRegion("eu-central-1"));

        assertThat(Files.readAllBytes(dir.resolve(IdentityFile.NAME))).isEqualTo(pinned);
    }

    @Test
    void aDataDirectoryOfABuildThatSpellsVaultArnsDifferentlyIsRefused() throws Exception {
        start(ServerConfig.defaults(dir, root));
        Path identity = dir.resolve(IdentityFile.NAME);
        Files.writeString(identity, Files.readString(identity).replace("arn:aws:glacier:", "arn:aws-cn:glacier:"));

        assertThatThrownBy(() -> start(ServerConfig.defaults(dir, root)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("vault ARNs as arn:aws-cn:glacier:{region}:{account}:vaults/{vault}")
                .hasMessageContaining("this build spells them arn:aws:glacier:{region}");
    }

    @Test
    void anAccountListedWithoutKeysStillCountsAsConfigured() throws Exception {
        ServeCommand serve = new ServeCommand();
        serve.data = dir;
        var file = new ObjectMapper().readTree("{\"accounts\": [{\"id\": \"444455556666\"}]}");

        ServerConfig config = serve.resolve(file, Map.of("PERMAFROST_ACCOUNT_ID", "111122223333"));

        assertThat(config.accounts()).containsExactly("111122223333", "444455556666");
    }

    @Test
    void withoutIdentityFileARegionThatNoStoredPolicyNamesIsRefused() throws Exception {
        serve(glacier -> {
            glacier.createVault(b -> b.accountId("-").vaultName("records"));
            // A region-agnostic Resource: only the condition says which region this Deny was written for.
            lock(glacier, "records", """
                    {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*",
                      "Action": "glacier:DeleteVault", "Resource": "*",
                      "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}}}]}""");
        });

        assertAdoptionOfEuWest1Refused("is not the region us-east-1 that stored policies");
    }

    /** The owner may write any access policy: one naming another region must not widen what a lock allows. */
    @Test
    void withoutIdentityFileAnAccessPolicyNamingAnotherRegionDoesNotReleaseALockedVault() throws Exception {
        serve(glacier -> {
            glacier.createVault(b -> b.accountId("-").vaultName("lr0"));
            glacier.createVault(b -> b.accountId("-").vaultName("fz"));
            lock(glacier, "lr0", denyAll("glacier:DeleteArchive", "arn:aws:glacier:us-east-1:111122223333:vaults/lr0"));
            String planted = denyAll("glacier:DeleteVault", "arn:aws:glacier:eu-west-1:111122223333:vaults/fz");
            glacier.setVaultAccessPolicy(b -> b.accountId("-").vaultName("fz").policy(p -> p.policy(planted)));
        });

        assertAdoptionOfEuWest1Refused("the Locked policy of vault 111122223333/lr0 names it");
    }

    /** Without identity.json, a start in eu-west-1 is refused with {@code reason} and pins nothing. */
    private void assertAdoptionOfEuWest1Refused(String reason) throws Exception {
        Files.delete(dir.resolve(IdentityFile.NAME));

        assertThatThrownBy(() -> start(ServerConfig.defaults(dir, root).withRegion("eu-west-1")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("region eu-west-1")
                .hasMessageContaining(reason);
        assertThat(dir.resolve(IdentityFile.NAME)).doesNotExist();
    }

    private static String denyAll(String action, String resource) {
        return "{\"Version\": \"2012-10-17\", \"Statement\": [{\"Effect\": \"Deny\", \"Principal\": \"*\", "
                + "\"Action\": \"" + action + "\", \"Resource\": \"" + resource + "\"}]}";
    }

    private static void lock(GlacierClient glacier, String vault, String policy) {
        String lockId = glacier.initiateVaultLock(b -> b.accountId("-").vaultName(vault)
                .policy(VaultLockPolicy.builder().policy(policy).build())).lockId();
        glacier.completeVaultLock(b -> b.accountId("-").vaultName(vault).lockId(lockId));
    }

    /** A server on the default region (us-east-1) for the steps, then stopped. */
    private void serve(java.util.function.Consumer<GlacierClient> steps) throws Exception {
        try (PermafrostServer server = PermafrostServer.start(ServerConfig.defaults(dir, root).withPort(0), SystemTimeSource.INSTANCE);
             GlacierClient glacier = GlacierClient.builder()
                     .endpointOverride(URI.create("http://127.0.0.1:" + server.port()))
                     .region(Region.US_EAST_1)
                     .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("ROOTKEY", "secret")))
                     .httpClientBuilder(ApacheHttpClient.builder())
                     .build()) {
            steps.accept(glacier);
        }
    }

    private static void start(ServerConfig config) throws Exception {
        PermafrostServer.start(config.withPort(0), SystemTimeSource.INSTANCE).close();
    }
}
