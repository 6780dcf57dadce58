package io.permafrost.http;

import io.permafrost.glacier.Operation;

import java.util.Map;

/** A request parsed once: its operation and the decoded path parameters ({@code accountId}, {@code vaultName}, …). */
public record Route(Operation operation, Map<String, String> params) {
    public String param(String name) {
        return params.get(name);
    }
}
