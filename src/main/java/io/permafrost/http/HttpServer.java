package io.permafrost.http;

import io.permafrost.audit.AuditTrail;
import io.permafrost.auth.SigV4Verifier;
import io.permafrost.glacier.IdGenerator;
import io.permafrost.http.console.ConsoleHandler;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.Map;

/** The Jetty server: one connector, the Glacier front door, Glacier-shaped errors for Jetty's own failures. */
public final class HttpServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;

    /**
     * {@code tls} null: plain HTTP; {@code queryServices} null: Glacier alone; {@code listeners} are told of
     * every finished request (metrics, access log), none: no observation at all.
     */
    public HttpServer(String host, int port, Duration idleTimeout, int maxThreads, TlsSettings tls,
                      HandlerRegistry handlers, SigV4Verifier verifier, IdGenerator ids, AuditTrail audit,
                      QueryServices queryServices, java.util.List<RequestListener> listeners) {
        QueuedThreadPool threads = new QueuedThreadPool(maxThreads, Math.min(8, maxThreads));
        threads.setName("http");
        server = new Server(threads);
        HttpConfiguration config = new HttpConfiguration();
        config.setSendServerVersion(false);
        config.setSendXPoweredBy(false);
        config.setSendDateHeader(true);
        // Archive bodies arrive by the gigabyte: each socket read may take this much (Jetty's default
        // is 8 KiB, i.e. 131,072 reads and hand-offs per GiB).
        config.setInputBufferSize(64 * 1024);
        // Before it is authenticated a caller can make the server hold its request line and headers, no
        // more: 8 KiB of them (Jetty answers 431 beyond) is plenty, the longest Glacier header (a
        // description) being 1,024 characters. Stated here because it is a bound, not a tuning knob.
        config.setRequestHeaderSize(8 * 1024);
        connector = tls == null
                ? new ServerConnector(server, new HttpConnectionFactory(config))
                : new ServerConnector(server, sslContext(tls), new HttpConnectionFactory(withTls(config)));
        connector.setHost(host);
        connector.setPort(port);
        // A body that stops arriving for this long fails the read: RequestTimeoutException (spec 8.1).
        connector.setIdleTimeout(idleTimeout.toMillis());
        server.addConnector(connector);
        // One budget for the bodies of callers not proven yet, whichever service they claim.
        UnprovenBodyBudget budget = UnprovenBodyBudget.forThisHeap();
        GlacierHandler glacier = new GlacierHandler(handlers, verifier, ids, audit, budget);
        Handler api = glacier;
        if (queryServices != null) {
            api = new ServiceDispatch(glacier, Map.of(
                    "sns", new QueryHandler("sns", new SnsActions(queryServices.topics()), verifier, ids, budget),
                    "sqs", new QueryHandler("sqs", new SqsActions(queryServices.queues()), verifier, ids, budget)));
        }
        server.setHandler(listeners.isEmpty() ? api : new ObservedHandler(api, listeners));
        server.setErrorHandler(new GlacierErrorHandler(ids));
    }

    private static SslContextFactory.Server sslContext(TlsSettings tls) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(tls.keyStore().toAbsolutePath().toString());
        ssl.setKeyStorePassword(tls.keyStorePassword());
        return ssl;
    }

    private static HttpConfiguration withTls(HttpConfiguration plain) {
        HttpConfiguration secure = new HttpConfiguration(plain);
        // Clients reach the server by whatever name or address the operator gives them (often an IP on a
        // LAN); matching the certificate's name is the client's job, not a reason to refuse the request.
        SecureRequestCustomizer customizer = new SecureRequestCustomizer();
        customizer.setSniHostCheck(false);
        secure.addCustomizer(customizer);
        return secure;
    }

    /**
     * Serves the web console under {@code /console} on this port, before the Glacier door sees the request:
     * only that prefix is authenticated by cookie; every other path still goes through SigV4. Call before
     * {@link #start}.
     */
    public void mountConsole(ConsoleHandler console) {
        server.setHandler(new Handler.Sequence(console, server.getHandler()));
    }

    public void start() throws Exception {
        server.start();
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }
}
