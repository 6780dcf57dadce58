package io.permafrost.http.console;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.glacier.VaultArn;
import io.permafrost.vault.VaultLockService.LockDescription;

import java.time.Clock;
import java.util.Optional;

/**
 * Builds a retention (and optional legal-hold) lock from a form and walks it through AWS's two steps:
 * Initiate (the policy is enforced at once, for a trial period), try it (a real delete attempt, whose
 * refusal is shown with the statement that refused it), then Complete, only after the vault's name is
 * typed, or Abort. Every step is the API's own call with the signed-in identity.
 */
final class LockWizard {
    static final String FOREVER = "Completing the lock is permanent: nobody, not even the account root or the "
            + "server's operator, can change or remove a Locked policy, and the vault cannot be deleted while it "
            + "holds archives the policy protects.";

    private final ConsoleServices services;
    private final VaultPages vaults;

    LockWizard(ConsoleServices services, Clock clock) {
        this.services = services;
        this.vaults = new VaultPages(services, clock);
    }

    ConsoleReply show(ConsoleRequest request, String vault, String error, String tried) {
        ConsoleSession session = request.session();
        services.vaults().describe(request.context(), "-", vault);
        Optional<LockDescription> lock = vaults.lock(request, vault);
        String base = VaultPages.base(vault) + "/lock";
        Page page = new Page("Lock " + vault, session).heading("Lock wizard: " + vault);
        VaultPages.flashOrError(page, session, error);
        page.raw("<p>State: " + vaults.lockBadge(lock) + " " + Page.link(VaultPages.base(vault), "Back to the vault")
                + "</p>\n");
        if (tried != null) {
            page.raw(tried);
        }
        if (lock.isEmpty()) {
            page.subheading("1. Build the lock policy");
            String days = request.param("days") == null ? "365" : request.param("days");
            String hold = request.param("holdTag") == null ? "" : request.param("holdTag");
            page.raw("<form method=\"get\" action=\"" + Page.esc(base) + "\" id=\"build-lock\">\n"
                    + Page.field("days", "Retention (days): nobody may delete an archive younger than this", "number",
                    days, true)
                    + Page.field("holdTag", "Legal-hold tag key (optional): while the vault has this tag set to true, "
                    + "nobody may delete any archive", "text", hold, false)
                    + "<button type=\"submit\">Show the policy</button>\n</form>\n");
            if (request.param("days") != null) {
                String policy;
                try {
                    policy = LockPolicyTemplate.retention(arn(request, vault), days, hold);
                } catch (GlacierException e) {
                    page.error(e.getMessage());
                    return new ConsoleReply.Html(e.errorCode().httpStatus(), page.html());
                }
                page.subheading("2. Review and initiate");
                VaultPages.policy(page, null, policy, "generated-policy");
                page.paragraph("Initiating enforces this policy at once, for a trial period (24 hours by default) "
                        + "in which you can test it and still abort.");
                page.raw(page.form(base + "/initiate", base, "initiate-lock",
                        "<input type=\"hidden\" name=\"policy\" value=\"" + Page.esc(policy) + "\">\n", "Initiate lock"));
            }
        } else if (!lock.get().locked()) {
            VaultPages.policy(page, "Lock policy (in progress)", lock.get().policy(), "lock-policy");
            page.subheading("3. Try it");
            page.paragraph("Attempts a real DeleteArchive of the archive you name. If the lock does what you want, it "
                    + "is refused; if it is not refused, the archive is gone.");
            page.raw(page.form(base + "/try", base, "try-lock",
                    Page.field("archiveId", "Archive ID to try deleting", "text", "", true), "Try deleting it"));
            page.subheading("4. Complete, or abort");
            page.raw("<p class=\"warning\" id=\"forever\">" + Page.esc(FOREVER) + "</p>\n");
            page.raw(page.form(base + "/complete", base, "complete-lock",
                    Page.field("confirm", "Type the vault's name (" + vault + ") to complete the lock", "text", "", true),
                    "Complete lock for ever"));
            page.raw(page.form(base + "/abort", base, "abort-lock", "", "Abort the lock"));
        } else {
            VaultPages.policy(page, "Lock policy (Locked)", lock.get().policy(), "lock-policy");
            page.paragraph("This vault is Locked. Its lock policy can never be changed or removed.");
        }
        return new ConsoleReply.Html(error == null ? 200 : 400, page.html());
    }

    ConsoleReply initiate(ConsoleRequest request, String vault) {
        try {
            String lockId = services.locks().initiate(request.context(), "-", vault, request.form().get("policy"));
            request.session().rememberLockId(vault, lockId);
        } catch (GlacierException e) {
            return show(request, vault, e.getMessage(), null);
        }
        request.session().flash("Lock initiated: the policy is enforced now. Try it, then complete or abort.");
        return new ConsoleReply.Redirect(VaultPages.base(vault) + "/lock");
    }

    ConsoleReply tryDelete(ConsoleRequest request, String vault) {
        String archiveId = request.form().getOrDefault("archiveId", "").trim();
        try {
            services.archives().delete(request.context(), "-", vault, archiveId);
        } catch (GlacierException e) {
            if (e.errorCode() != ErrorCode.ACCESS_DENIED) {
                return show(request, vault, e.getMessage(), null);
            }
            return show(request, vault, null, Refusals.html(services, request, vault, archiveId, e,
                    Operation.DeleteArchive));
        }
        return show(request, vault, "The delete was NOT refused: archive " + archiveId + " is deleted. This lock "
                + "policy does not protect it; abort the lock and build another.", null);
    }

    ConsoleReply complete(ConsoleRequest request, String vault) {
        if (!vault.equals(request.form().getOrDefault("confirm", "").trim())) {
            return show(request, vault, "The name typed does not match the vault's name; the lock was not completed.", null);
        }
        try {
            String lockId = lockId(request, vault);
            services.locks().complete(request.context(), "-", vault, lockId);
        } catch (GlacierException e) {
            return show(request, vault, e.getMessage(), null);
        }
        request.session().flash("The vault is Locked.");
        return new ConsoleReply.Redirect(VaultPages.base(vault));
    }

    ConsoleReply abort(ConsoleRequest request, String vault) {
        try {
            services.locks().abort(request.context(), "-", vault);
        } catch (GlacierException e) {
            return show(request, vault, e.getMessage(), null);
        }
        request.session().flash("The lock was aborted; the vault has no lock policy.");
        return new ConsoleReply.Redirect(VaultPages.base(vault) + "/lock");
    }

    /**
     * The lock id InitiateVaultLock returned, which CompleteVaultLock must be given back: GetVaultLock does
     * not tell it (as on AWS), so only the session that initiated the lock can complete it.
     */
    private static String lockId(ConsoleRequest request, String vault) {
        String lockId = request.session().lockId(vault);
        if (lockId == null) {
            throw GlacierException.invalidParameter("This lock was initiated outside this console session, so its lock "
                    + "ID is unknown here: complete it with the ID InitiateVaultLock returned, or abort and initiate again.");
        }
        return lockId;
    }

    private String arn(ConsoleRequest request, String vault) {
        String account = services.vaults().describe(request.context(), "-", vault).accountId();
        return new VaultArn(services.region(), account, vault).arn();
    }
}
