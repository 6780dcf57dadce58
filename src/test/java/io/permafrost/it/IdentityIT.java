package io.permafrost.it;

import io.permafrost.glacier.TreeHash;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultLockPolicy;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.userArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/** Users of the owner account limited by their identity policies (spec 5.6, 15.3, 15.4, 15.7). */
class IdentityIT {
    private static final String VAULT = "team-photos";
    private static final String ARN = vaultArn(OWNER, VAULT);

    private static final String READER = "READERKEY";     // Describe/List on every vault, nothing else
    private static final String UPLOADER = "UPLOADERKEY"; // UploadArchive and reads, on team-* vaults only
    private static final String OPERATOR = "OPERATORKEY"; // glacier:* but an explicit Deny on glacier:Delete*
    private static final String NOBODY = "NOBODYKEY";     // no identity policy at all

    private TestServer server;
    private IdentityClients clients;
    private GlacierClient root;

    @BeforeEach
    void start() throws Exception {
        String allVaults = "arn:aws:glacier:*:" + OWNER + ":vaults/*";
        server = new TestServer(Identities.with(
                Identities.user(OWNER, "reader", READER, PolicyJson.of(
                        allow("glacier:Describe*", allVaults),
                        allow("glacier:List*", allVaults),
                        allow("glacier:GetVaultLock", allVaults))),
                Identities.user(OWNER, "uploader", UPLOADER, PolicyJson.of(
                        allow("glacier:UploadArchive", "arn:aws:glacier:us-east-1:" + OWNER + ":vaults/team-*"),
                        allow("glacier:DescribeVault", "arn:aws:glacier:us-east-1:" + OWNER + ":vaults/team-?hotos"))),
                Identities.user(OWNER, "operator", OPERATOR,
                        PolicyJson.of(allow("glacier:*", "*")),
                        PolicyJson.of(deny("glacier:Delete*", "*"))),
                Identities.user(OWNER, "nobody", NOBODY)), c -> c);
        clients = new IdentityClients(server);
        root = clients.root();
        root.createVault(b -> b.accountId("-").vaultName(VAULT));
        root.createVault(b -> b.accountId("-").vaultName("finance"));
    }

    @AfterEach
    void stop() throws Exception {
        clients.close();
        server.close();
    }

    @Test
    void readerCanReadButNotWrite() {
        GlacierClient reader = clients.as(READER);
        String arn = userArn(OWNER, "reader");

        assertThat(reader.describeVault(b -> b.accountId("-").vaultName(VAULT)).vaultARN()).isEqualTo(ARN);
        assertThat(reader.listVaults(b -> b.accountId("-")).vaultList()).hasSize(2);
        assertThat(reader.listTagsForVault(b -> b.accountId("-").vaultName("finance")).tags()).isEmpty();

        ExpectedError.of(() -> reader.createVault(b -> b.accountId("-").vaultName("new")), 403, "AccessDeniedException",
                ExpectedError.denied(arn, "CreateVault", vaultArn(OWNER, "new")));
        ExpectedError.of(() -> upload(reader, VAULT), 403, "AccessDeniedException",
                ExpectedError.denied(arn, "UploadArchive", ARN));
        ExpectedError.of(() -> reader.deleteVault(b -> b.accountId("-").vaultName(VAULT)), 403, "AccessDeniedException",
                ExpectedError.denied(arn, "DeleteVault", ARN));
        ExpectedError.of(() -> reader.addTagsToVault(b -> b.accountId("-").vaultName(VAULT).tags(Map.of("k", "v"))),
                403, "AccessDeniedException", ExpectedError.denied(arn, "AddTagsToVault", ARN));
        ExpectedError.of(() -> reader.initiateVaultLock(b -> b.accountId("-").vaultName(VAULT)
                        .policy(VaultLockPolicy.builder().policy(PolicyJson.of(
                                deny("glacier:DeleteArchive", ARN).principal("*"))).build())),
                403, "AccessDeniedException", ExpectedError.denied(arn, "InitiateVaultLock", ARN));

        // Nothing changed.
        assertThat(root.listVaults(b -> b.accountId("-")).vaultList()).hasSize(2);
        assertThat(root.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives()).isZero();
        assertThat(root.listTagsForVault(b -> b.accountId("-").vaultName(VAULT)).tags()).isEmpty();
        ExpectedError.of(() -> root.getVaultLock(b -> b.accountId("-").vaultName(VAULT)), 404,
                "ResourceNotFoundException");
    }

    @Test
    void resourceWildcardsLimitWhichVaults() {
        GlacierClient uploader = clients.as(UPLOADER);
        String arn = userArn(OWNER, "uploader");

        upload(uploader, VAULT);
        assertThat(uploader.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives()).isEqualTo(1);

        ExpectedError.of(() -> upload(uploader, "finance"), 403, "AccessDeniedException",
                ExpectedError.denied(arn, "UploadArchive", vaultArn(OWNER, "finance")));
        ExpectedError.of(() -> uploader.describeVault(b -> b.accountId("-").vaultName("finance")), 403,
                "AccessDeniedException", ExpectedError.denied(arn, "DescribeVault", vaultArn(OWNER, "finance")));
        ExpectedError.of(() -> uploader.listVaults(b -> b.accountId("-")), 403, "AccessDeniedException");
        assertThat(root.describeVault(b -> b.accountId("-").vaultName("finance")).numberOfArchives()).isZero();
    }

    @Test
    void explicitDenyDecidesAndSaysSo() {
        GlacierClient operator = clients.as(OPERATOR);
        String arn = userArn(OWNER, "operator");
        String archive = upload(operator, VAULT);
        operator.createVault(b -> b.accountId("-").vaultName("scratch"));

        ExpectedError.of(() -> operator.deleteArchive(b -> b.accountId("-").vaultName(VAULT).archiveId(archive)),
                403, "AccessDeniedException", ExpectedError.explicitlyDenied(arn, "DeleteArchive", ARN));
        ExpectedError.of(() -> operator.deleteVault(b -> b.accountId("-").vaultName("scratch")), 403,
                "AccessDeniedException", ExpectedError.explicitlyDenied(arn, "DeleteVault", vaultArn(OWNER, "scratch")));

        assertThat(root.describeVault(b -> b.accountId("-").vaultName(VAULT)).numberOfArchives()).isEqualTo(1);
        assertThat(root.describeVault(b -> b.accountId("-").vaultName("scratch")).vaultName()).isEqualTo("scratch");
    }

    @Test
    void userWithoutPoliciesIsDeniedEverythingImplicitly() {
        GlacierClient nobody = clients.as(NOBODY);
        String arn = userArn(OWNER, "nobody");

        ExpectedError.of(() -> nobody.listVaults(b -> b.accountId("-")), 403, "AccessDeniedException",
                ExpectedError.denied(arn, "ListVaults", "arn:aws:glacier:us-east-1:" + OWNER + ":vaults/*"));
        ExpectedError.of(() -> nobody.describeVault(b -> b.accountId("-").vaultName(VAULT)), 403,
                "AccessDeniedException", ExpectedError.denied(arn, "DescribeVault", ARN));
        ExpectedError.of(() -> nobody.getVaultLock(b -> b.accountId("-").vaultName(VAULT)), 403,
                "AccessDeniedException", ExpectedError.denied(arn, "GetVaultLock", ARN));
    }

    @Test
    void aUsersAccountIdInTheUrlMustBeItsOwnForOwnerOnlyOperations() {
        GlacierClient operator = clients.as(OPERATOR);
        ExpectedError.of(() -> operator.createVault(b -> b.accountId(Identities.OTHER).vaultName("x")), 403,
                "AccessDeniedException", "Access denied for account ID: " + Identities.OTHER);
        assertThat(operator.describeVault(b -> b.accountId(OWNER).vaultName(VAULT)).vaultName()).isEqualTo(VAULT);
    }

    private static String upload(GlacierClient client, String vault) {
        byte[] data = "payload".getBytes(StandardCharsets.UTF_8);
        return client.uploadArchive(b -> b.accountId("-").vaultName(vault).checksum(TreeHash.of(data)),
                RequestBody.fromBytes(data)).archiveId();
    }
}
