package io.permafrost.it;

import io.permafrost.glacier.Operation;
import io.permafrost.testing.ReferenceTreeHash;
import io.permafrost.testing.TestServer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.glacier.GlacierClient;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static io.permafrost.it.Identities.OTHER_ROOT;
import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.PolicyJson.allow;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every operation of the API refuses a caller without rights with 403 AccessDeniedException, through
 * the real server: a user of the owner account with no policy at all, and another account that no
 * access policy trusts. The table must name every {@link Operation}: a new one fails here until it is
 * shown to be refused too.
 */
class AccessGateCoverageIT {
    private static final String VAULT = "guarded";
    private static final String NOBODY = "NOBODYKEY";
    private static final byte[] DATA = "guarded bytes".getBytes(StandardCharsets.UTF_8);
    private static final String DATA_HASH = ReferenceTreeHash.of(DATA);
    private static final String POLICY =
            PolicyJson.of(allow("glacier:DescribeVault", Identities.vaultArn(OWNER, VAULT)));

    private static TestServer server;
    private static IdentityClients clients;
    private static String archiveId;
    private static String uploadId;

    /** Who asks, and the account id they put into the URL for the owner's resources. */
    private record Stranger(String key, String accountInUrl) {
        @Override
        public String toString() {
            return key;
        }
    }

    /** One request of the operation, sent by {@code client} naming {@code account} in the URL. */
    private interface Request {
        void send(GlacierClient client, String account);
    }

    private static final Map<Operation, Request> REQUESTS = new EnumMap<>(Operation.class);

    static {
        put(Operation.CreateVault, (c, a) -> c.createVault(b -> b.accountId(a).vaultName("new-one")));
        put(Operation.DescribeVault, (c, a) -> c.describeVault(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.ListVaults, (c, a) -> c.listVaults(b -> b.accountId(a)));
        put(Operation.DeleteVault, (c, a) -> c.deleteVault(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.UploadArchive, (c, a) -> c.uploadArchive(b -> b.accountId(a).vaultName(VAULT).checksum(DATA_HASH),
                RequestBody.fromBytes(DATA)));
        put(Operation.DeleteArchive, (c, a) -> c.deleteArchive(b -> b.accountId(a).vaultName(VAULT)
                .archiveId(archiveId)));
        put(Operation.InitiateMultipartUpload, (c, a) -> c.initiateMultipartUpload(b -> b.accountId(a).vaultName(VAULT)
                .partSize("1048576")));
        put(Operation.UploadMultipartPart, (c, a) -> c.uploadMultipartPart(b -> b.accountId(a).vaultName(VAULT)
                .uploadId(uploadId).range("bytes 0-" + (DATA.length - 1) + "/*").checksum(DATA_HASH),
                RequestBody.fromBytes(DATA)));
        put(Operation.CompleteMultipartUpload, (c, a) -> c.completeMultipartUpload(b -> b.accountId(a).vaultName(VAULT)
                .uploadId(uploadId).archiveSize(Integer.toString(DATA.length)).checksum(DATA_HASH)));
        put(Operation.AbortMultipartUpload, (c, a) -> c.abortMultipartUpload(b -> b.accountId(a).vaultName(VAULT)
                .uploadId(uploadId)));
        put(Operation.ListParts, (c, a) -> c.listParts(b -> b.accountId(a).vaultName(VAULT).uploadId(uploadId)));
        put(Operation.ListMultipartUploads, (c, a) -> c.listMultipartUploads(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.InitiateJob, (c, a) -> c.initiateJob(b -> b.accountId(a).vaultName(VAULT)
                .jobParameters(p -> p.type("inventory-retrieval"))));
        put(Operation.DescribeJob, (c, a) -> c.describeJob(b -> b.accountId(a).vaultName(VAULT).jobId("some-job")));
        put(Operation.ListJobs, (c, a) -> c.listJobs(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.GetJobOutput, (c, a) -> c.getJobOutputAsBytes(b -> b.accountId(a).vaultName(VAULT)
                .jobId("some-job")));
        put(Operation.SetVaultNotifications, (c, a) -> c.setVaultNotifications(b -> b.accountId(a).vaultName(VAULT)
                .vaultNotificationConfig(n -> n.snsTopic("arn:aws:sns:us-east-1:" + OWNER + ":topic")
                        .events("ArchiveRetrievalCompleted"))));
        put(Operation.GetVaultNotifications, (c, a) -> c.getVaultNotifications(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.DeleteVaultNotifications, (c, a) -> c.deleteVaultNotifications(b -> b.accountId(a)
                .vaultName(VAULT)));
        put(Operation.SetVaultAccessPolicy, (c, a) -> c.setVaultAccessPolicy(b -> b.accountId(a).vaultName(VAULT)
                .policy(p -> p.policy(POLICY))));
        put(Operation.GetVaultAccessPolicy, (c, a) -> c.getVaultAccessPolicy(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.DeleteVaultAccessPolicy, (c, a) -> c.deleteVaultAccessPolicy(b -> b.accountId(a)
                .vaultName(VAULT)));
        put(Operation.InitiateVaultLock, (c, a) -> c.initiateVaultLock(b -> b.accountId(a).vaultName(VAULT)
                .policy(p -> p.policy(POLICY))));
        put(Operation.CompleteVaultLock, (c, a) -> c.completeVaultLock(b -> b.accountId(a).vaultName(VAULT)
                .lockId("some-lock")));
        put(Operation.AbortVaultLock, (c, a) -> c.abortVaultLock(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.GetVaultLock, (c, a) -> c.getVaultLock(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.AddTagsToVault, (c, a) -> c.addTagsToVault(b -> b.accountId(a).vaultName(VAULT)
                .tags(Map.of("owner", "stranger"))));
        put(Operation.RemoveTagsFromVault, (c, a) -> c.removeTagsFromVault(b -> b.accountId(a).vaultName(VAULT)
                .tagKeys("owner")));
        put(Operation.ListTagsForVault, (c, a) -> c.listTagsForVault(b -> b.accountId(a).vaultName(VAULT)));
        put(Operation.GetDataRetrievalPolicy, (c, a) -> c.getDataRetrievalPolicy(b -> b.accountId(a)));
        put(Operation.SetDataRetrievalPolicy, (c, a) -> c.setDataRetrievalPolicy(b -> b.accountId(a)
                .policy(p -> p.rules(r -> r.strategy("FreeTier")))));
        put(Operation.PurchaseProvisionedCapacity, (c, a) -> c.purchaseProvisionedCapacity(b -> b.accountId(a)));
        put(Operation.ListProvisionedCapacity, (c, a) -> c.listProvisionedCapacity(b -> b.accountId(a)));
    }

    private static void put(Operation operation, Request request) {
        REQUESTS.put(operation, request);
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer(Identities.with(Identities.user(OWNER, "nobody", NOBODY)), c -> c);
        clients = new IdentityClients(server);
        GlacierClient owner = clients.root();
        owner.createVault(b -> b.accountId("-").vaultName(VAULT));
        archiveId = owner.uploadArchive(b -> b.accountId("-").vaultName(VAULT).checksum(DATA_HASH),
                RequestBody.fromBytes(DATA)).archiveId();
        uploadId = owner.initiateMultipartUpload(b -> b.accountId("-").vaultName(VAULT).partSize("1048576")).uploadId();
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        server.close();
    }

    static Stream<Arguments> everyOperationForEveryStranger() {
        Stranger userWithoutPolicies = new Stranger(NOBODY, "-");
        Stranger untrustedAccount = new Stranger(OTHER_ROOT, OWNER);
        return Stream.of(userWithoutPolicies, untrustedAccount).flatMap(stranger ->
                Arrays.stream(Operation.values()).map(operation -> Arguments.of(stranger, operation)));
    }

    @ParameterizedTest(name = "{1} by {0}")
    @MethodSource("everyOperationForEveryStranger")
    void isRefused(Stranger stranger, Operation operation) {
        assertThat(REQUESTS).as("a request for %s in the table", operation).containsKey(operation);
        GlacierClient client = clients.as(stranger.key());
        ThrowingCallable call = () -> REQUESTS.get(operation).send(client, stranger.accountInUrl());

        String message = ExpectedError.of(call, 403, "AccessDeniedException").awsErrorDetails().errorMessage();
        // Refused for this very operation, not for some other one its handler happened to check.
        if (message.startsWith("User: ")) {
            assertThat(message).contains(" is not authorized to perform: glacier:" + operation.name() + " ");
        } else {
            assertThat(operation.mustBeOwnAccount()).as(message).isTrue();
            assertThat(message).isEqualTo("Access denied for account ID: " + OWNER);
        }
    }
}
