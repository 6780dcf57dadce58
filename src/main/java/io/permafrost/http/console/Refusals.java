package io.permafrost.http.console;

import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.AccessExplanation;

/**
 * Shows an AccessDenied as the API said it, followed by the statement that decided it, found by asking
 * the real gate the same question through the simulator. The simulator needs permission to read the
 * vault's policies; without it the refusal is shown alone, as the API would.
 */
final class Refusals {
    private Refusals() {
    }

    static String html(ConsoleServices services, ConsoleRequest request, String vault, String archiveId,
                       GlacierException refusal, Operation operation) {
        StringBuilder out = new StringBuilder("<div class=\"error\" role=\"alert\" id=\"refusal\"><p><strong>")
                .append(Page.esc(refusal.errorCode().code())).append("</strong>: ").append(Page.esc(refusal.getMessage()))
                .append("</p>");
        try {
            AccessExplanation why = services.simulator().simulate(request.context(), vault, request.session().caller(),
                    operation, archiveId);
            out.append(decidingStatement(why));
        } catch (GlacierException e) {
            out.append("<p>The deciding statement cannot be shown: ").append(Page.esc(e.getMessage())).append("</p>");
        }
        return out.append("</div>\n").toString();
    }

    static String decidingStatement(AccessExplanation why) {
        if (why.policyName() == null) {
            return "<p id=\"deciding-statement\">No statement allows this, so it is denied (an implicit deny).</p>";
        }
        String statement = PolicyExplainer.statementJson(why.policyDocument(), why.statementIndex());
        String words = statement == null ? "" : PolicyExplainer.explain("{\"Statement\":[" + statement + "]}").get(0);
        return "<p id=\"deciding-statement\">Decided by statement " + (why.statementIndex() + 1) + " of the "
                + Page.esc(why.policyName()) + ": <em>" + Page.esc(words) + "</em></p><pre>" + Page.esc(statement) + "</pre>";
    }
}
