package io.permafrost.http;

import io.permafrost.glacier.Operation;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** Operation -> handler. Each area's routes class registers its operations here. */
public final class HandlerRegistry {
    private final Map<Operation, OperationHandler> handlers = new EnumMap<>(Operation.class);

    public HandlerRegistry register(Operation operation, OperationHandler handler) {
        if (handlers.putIfAbsent(operation, handler) != null) {
            throw new IllegalStateException(operation + " has two handlers");
        }
        return this;
    }

    Optional<OperationHandler> find(Operation operation) {
        return Optional.ofNullable(handlers.get(operation));
    }
}
