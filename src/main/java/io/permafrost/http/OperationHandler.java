package io.permafrost.http;

/** Serves one operation; it must finish the exchange (respond) or throw a GlacierException. */
@FunctionalInterface
public interface OperationHandler {
    void handle(Exchange exchange) throws Exception;
}
