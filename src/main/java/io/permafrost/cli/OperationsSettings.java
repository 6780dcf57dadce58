package io.permafrost.cli;

import java.nio.file.Path;

/**
 * The operator's side of the server: the admin port ({@code /metrics}, {@code /health/*}) and the
 * access log. Both are off unless configured, so an upgrade opens no new port and writes no new file.
 *
 * @param adminHost address the admin port binds (default loopback: it needs no signature)
 * @param adminPort null: no admin port; 0: a free one (tests); else that port
 * @param accessLog null: no access log; else the file JSON lines are appended to
 */
public record OperationsSettings(String adminHost, Integer adminPort, Path accessLog) {
    public static final String DEFAULT_ADMIN_HOST = "127.0.0.1";

    public static OperationsSettings off() {
        return new OperationsSettings(DEFAULT_ADMIN_HOST, null, null);
    }

    public OperationsSettings withAdminPort(int port) {
        return new OperationsSettings(adminHost, port, accessLog);
    }

    public OperationsSettings withAccessLog(Path file) {
        return new OperationsSettings(adminHost, adminPort, file);
    }
}
