package io.permafrost.http;

import io.permafrost.glacier.Caller;
import org.eclipse.jetty.server.Request;

/**
 * What the API handler learns about a request (its operation, caller, vault) left on the request as
 * attributes, so that {@link ObservedHandler} can report it once the response is complete.
 */
final class RequestFacts {
    private static final String OPERATION = "permafrost.operation";
    private static final String PRINCIPAL = "permafrost.principal";
    private static final String VAULT = "permafrost.vault";

    private RequestFacts() {
    }

    static void routed(Request request, Route route) {
        request.setAttribute(OPERATION, route.operation().name());
        String vault = route.param("vaultName");
        if (vault != null) {
            request.setAttribute(VAULT, vault);
        }
    }

    static void authenticated(Request request, Caller caller) {
        request.setAttribute(PRINCIPAL, caller.arn());
    }

    static String operation(Request request) {
        return (String) request.getAttribute(OPERATION);
    }

    static String principal(Request request) {
        return (String) request.getAttribute(PRINCIPAL);
    }

    static String vault(Request request) {
        return (String) request.getAttribute(VAULT);
    }
}
