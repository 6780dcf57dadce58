package io.permafrost.it;

import io.permafrost.testing.CapturedLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.rootArn;
import static io.permafrost.it.Identities.userArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refusal by the gate is one server-log line naming the operation, resource, principal and the
 * statement that decided (its Sid, or its index when it has none); the client still gets AWS's message.
 */
class DenialLogIT extends LockedVaultFixture {
    private static final String VAULT = "evidence";
    private static final String ARN = vaultArn(OWNER, VAULT);

    private CapturedLog denials;

    DenialLogIT() {
        super(VAULT);
    }

    @BeforeEach
    void captureDenials() {
        denials = new CapturedLog("io.permafrost.denials");
    }

    @AfterEach
    void stopCapturing() {
        denials.close();
    }

    @Test
    void aLockStatementNamesItsSid() {
        String archive = upload("board minutes");
        lock(PolicyJson.of(allow("glacier:ListJobs", ARN).principal("*"),
                deny("glacier:DeleteArchive", ARN).sid("keep-seven-years").principal("*")));

        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException",
                ExpectedError.explicitlyDenied(rootArn(OWNER), "DeleteArchive", ARN));

        assertThat(denials.messages()).containsExactly("access denied: operation=glacier:DeleteArchive resource=" + ARN
                + " principal=" + rootArn(OWNER)
                + " decision=explicit deny by vault lock policy (Locked) Sid \"keep-seven-years\"");
    }

    @Test
    void anAccessPolicyStatementWithoutSidIsNamedByItsIndex() {
        String archive = upload("board minutes");
        root.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT).policy(VaultAccessPolicy.builder()
                .policy(PolicyJson.of(allow("glacier:ListJobs", ARN).principal("*"),
                        deny("glacier:DeleteArchive", ARN).principal("*"))).build()));

        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException");

        assertThat(denials.messages()).singleElement().asString()
                .endsWith("decision=explicit deny by vault access policy Statement[1]");
    }

    @Test
    void anImplicitDenyNamesNoStatement() {
        String user = "NOPOLICYKEY";
        try (var server = new io.permafrost.testing.TestServer(Identities.with(Identities.user(OWNER, "intern", user)),
                c -> c)) {
            var intern = server.client(user, Identities.secretOf(user));
            ExpectedError.of(() -> intern.listVaults(b -> b.accountId("-")), 403, "AccessDeniedException");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertThat(denials.messages()).singleElement().asString()
                .contains("operation=glacier:ListVaults", "principal=" + userArn(OWNER, "intern"))
                .endsWith("decision=implicit deny (no statement of any policy allows it)");
    }

    @Test
    void anIdentityPolicyStatementIsNamedWithItsPolicy() {
        String key = "NODELETEKEY";
        String policy = PolicyJson.of(allow("glacier:*", "*"), deny("glacier:DeleteVault", "*").sid("no-deletes"));
        try (var server = new io.permafrost.testing.TestServer(
                Identities.with(Identities.user(OWNER, "operator", key, policy)), c -> c)) {
            var operator = server.client(key, Identities.secretOf(key));
            operator.createVault(b -> b.accountId("-").vaultName(VAULT));
            ExpectedError.of(() -> operator.deleteVault(b -> b.accountId("-").vaultName(VAULT)), 403,
                    "AccessDeniedException");
        } catch (Exception e) {
            throw new AssertionError(e);
        }

        assertThat(denials.messages()).singleElement().asString()
                .endsWith("decision=explicit deny by identity policy #0 of the caller Sid \"no-deletes\"");
    }
}
