package io.permafrost.it;

import io.permafrost.audit.AuditEvent;
import io.permafrost.audit.AuditRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.VaultAccessPolicy;

import java.util.List;

import static io.permafrost.it.Identities.OWNER;
import static io.permafrost.it.Identities.rootArn;
import static io.permafrost.it.Identities.userArn;
import static io.permafrost.it.Identities.vaultArn;
import static io.permafrost.it.PolicyJson.allow;
import static io.permafrost.it.PolicyJson.deny;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refusal by the gate leaves one audit record: decision Deny, the statement that decided (policy and
 * Sid) and AccessDeniedException, written before the client reads its 403; for reads as for writes.
 */
class AuditRefusalIT extends LockedVaultFixture {
    private static final String VAULT = "refusals";
    private static final String ARN = vaultArn(OWNER, VAULT);
    private AuditLog audit;

    AuditRefusalIT() {
        super(VAULT);
    }

    @BeforeEach
    void readTheTrail() throws Exception {
        audit = new AuditLog(server);
    }

    @Test
    void aRefusalByTheLockNamesItsSid() throws Exception {
        String archive = upload("board minutes");
        lock(PolicyJson.of(allow("glacier:ListJobs", ARN).principal("*"),
                deny("glacier:DeleteArchive", ARN).sid("keep-seven-years").principal("*")));
        audit.fresh();

        ExpectedError.of(() -> delete(root, archive), 403, "AccessDeniedException");

        AuditEvent event = onlyRecord().event();
        assertThat(event.operation()).isEqualTo("DeleteArchive");
        assertThat(event.principal()).isEqualTo(rootArn(OWNER));
        assertThat(event.subjectId()).isEqualTo(archive);
        assertThat(event.decision()).isEqualTo("Deny");
        assertThat(event.statement()).isEqualTo("vault lock policy (Locked) Sid \"keep-seven-years\"");
        assertThat(event.result()).isEqualTo("AccessDeniedException");
    }

    @Test
    void aRefusedReadByTheAccessPolicyIsRecordedToo() throws Exception {
        root.setVaultAccessPolicy(b -> b.accountId("-").vaultName(VAULT).policy(VaultAccessPolicy.builder()
                .policy(PolicyJson.of(deny("glacier:DescribeVault", ARN).sid("no-peeking").principal("*"))).build()));
        audit.fresh();
        GlacierClient admin = clients.as(ADMIN_KEY);

        ExpectedError.of(() -> admin.describeVault(b -> b.accountId("-").vaultName(VAULT)), 403, "AccessDeniedException");

        AuditEvent event = onlyRecord().event();
        assertThat(event.operation()).isEqualTo("DescribeVault");
        assertThat(event.principal()).isEqualTo(userArn(OWNER, "admin"));
        assertThat(event.decision()).isEqualTo("Deny");
        assertThat(event.statement()).isEqualTo("vault access policy Sid \"no-peeking\"");
        assertThat(event.result()).isEqualTo("AccessDeniedException");
    }

    private AuditRecord onlyRecord() throws Exception {
        List<AuditRecord> records = audit.fresh();
        assertThat(records).hasSize(1);
        return records.get(0);
    }
}
