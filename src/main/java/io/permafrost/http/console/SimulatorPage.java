package io.permafrost.http.console;

import io.permafrost.glacier.Caller;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.AccessExplanation;

import java.util.ArrayList;
import java.util.List;

/**
 * "Would this principal be allowed to do this?": asks the real gate (read-only) for a chosen
 * principal, action and archive, and shows Allow or Deny with the statement of the policy that decided.
 */
final class SimulatorPage {
    private static final String OTHER = "another account";
    private final ConsoleServices services;

    SimulatorPage(ConsoleServices services) {
        this.services = services;
    }

    ConsoleReply show(ConsoleRequest request, String vault) {
        ConsoleSession session = request.session();
        Page page = new Page("Simulate " + vault, session).heading("Policy simulator: " + vault);
        List<String> principals = new ArrayList<>();
        String account = session.caller().accountId();
        principals.add(Caller.root(account).arn());
        for (Caller caller : services.principals()) {
            if (caller.accountId().equals(account) && !principals.contains(caller.arn())) {
                principals.add(caller.arn());
            }
        }
        principals.add(OTHER);
        List<String> actions = new ArrayList<>();
        for (Operation operation : Operation.values()) {
            if (operation.iamAction().startsWith("glacier:") && !actions.contains(operation.name())) {
                actions.add(operation.name());
            }
        }
        String principal = request.param("principal") == null ? session.caller().arn() : request.param("principal");
        String action = request.param("action") == null ? Operation.DeleteArchive.name() : request.param("action");
        String other = request.param("otherAccount") == null ? "" : request.param("otherAccount");
        String archive = request.param("archiveId") == null ? "" : request.param("archiveId");
        page.raw("<form method=\"get\" action=\"" + Page.esc(VaultPages.base(vault) + "/simulate") + "\" id=\"simulate\">\n"
                + Page.select("principal", "Principal", principals, principal)
                + Page.field("otherAccount", "Other account ID (when the principal is another account)", "text", other, false)
                + Page.select("action", "Action", actions, action)
                + Page.field("archiveId", "Archive ID (optional: its age feeds glacier:ArchiveAgeInDays)", "text", archive, false)
                + "<button type=\"submit\">Simulate</button>\n</form>\n");
        if (request.param("action") != null) {
            try {
                Caller asked = chosen(principal, other, account);
                AccessExplanation why = services.simulator().simulate(request.context(), vault, asked,
                        operation(action), archive);
                boolean allowed = why.decision() == io.permafrost.policy.Decision.ALLOW;
                page.raw("<div class=\"verdict " + (allowed ? "allow" : "deny") + "\" id=\"verdict\" role=\"status\"><p><strong>"
                        + (allowed ? "Allow" : "Deny") + "</strong> (" + Page.esc(why.decision().name()) + ") for "
                        + Page.esc(asked.arn()) + "</p>" + Refusals.decidingStatement(why) + "</div>\n");
            } catch (GlacierException e) {
                page.error(e.getMessage());
                return new ConsoleReply.Html(e.errorCode().httpStatus(), page.html());
            }
        }
        return ConsoleReply.page(page);
    }

    private Caller chosen(String principal, String otherAccount, String ownAccount) {
        if (principal.equals(Caller.root(ownAccount).arn())) {
            return Caller.root(ownAccount);
        }
        if (principal.equals(OTHER)) {
            String account = otherAccount.trim();
            if (!account.matches("[0-9]{12}")) {
                throw GlacierException.invalidParameter("An account ID is 12 digits, got: " + otherAccount);
            }
            return Caller.root(account);
        }
        return services.principals().stream().filter(c -> c.arn().equals(principal)).findFirst()
                .orElseThrow(() -> GlacierException.invalidParameter("Unknown principal: " + principal));
    }

    private static Operation operation(String name) {
        try {
            return Operation.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw GlacierException.invalidParameter("Unknown action: " + name);
        }
    }
}
