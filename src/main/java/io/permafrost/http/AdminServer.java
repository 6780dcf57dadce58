package io.permafrost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The admin port, apart from the API so that it can stay on loopback (or a management network) and
 * never needs a signature: {@code GET /metrics} (Prometheus text), {@code /health/live} (the process
 * answers) and {@code /health/ready} (200, or 503 with the reasons, as JSON). Nothing here changes state.
 */
public final class AdminServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Server server;
    private final ServerConnector connector;

    public AdminServer(String host, int port, Supplier<String> metrics, ReadinessProbe readiness) {
        QueuedThreadPool threads = new QueuedThreadPool(4, 1);
        threads.setName("admin");
        server = new Server(threads);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new Handler.Abstract.NonBlocking() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (!"GET".equals(request.getMethod())) {
                    return send(response, callback, 405, "application/json", "{\"error\":\"only GET\"}");
                }
                return switch (request.getHttpURI().getPath()) {
                    case "/metrics" -> send(response, callback, 200, PROMETHEUS_TEXT, metrics.get());
                    case "/health/live" -> send(response, callback, 200, "application/json", "{\"status\":\"live\"}");
                    case "/health/ready" -> ready(response, callback, readiness.check());
                    default -> send(response, callback, 404, "application/json", "{\"error\":\"not found\"}");
                };
            }
        });
    }

    private static boolean ready(Response response, Callback callback, ReadinessProbe.Readiness readiness)
            throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", readiness.ready() ? "ready" : "not ready");
        body.put("problems", readiness.problems());
        body.putAll(readiness.details());
        return send(response, callback, readiness.ready() ? 200 : 503, "application/json",
                JSON.writeValueAsString(body));
    }

    private static boolean send(Response response, Callback callback, int status, String type, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.write(true, java.nio.ByteBuffer.wrap(body.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    public void start() throws Exception {
        server.start();
    }

    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
