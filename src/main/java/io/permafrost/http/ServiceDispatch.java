package io.permafrost.http;

import io.permafrost.auth.SigV4Verifier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.util.Map;

/**
 * One port, several services: a request whose SigV4 credential scope names {@code sns} or {@code sqs}
 * goes to that service's front door, everything else (unsigned requests included) to Glacier's.
 */
final class ServiceDispatch extends Handler.Abstract {
    private final Handler glacier;
    private final Map<String, Handler> others;

    ServiceDispatch(Handler glacier, Map<String, Handler> others) {
        this.glacier = glacier;
        this.others = Map.copyOf(others);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        Handler chosen = SigV4Verifier.claimedService(request.getHeaders().get(HttpHeader.AUTHORIZATION))
                .map(others::get).orElse(glacier);
        return chosen.handle(request, response, callback);
    }

    @Override
    protected void doStart() throws Exception {
        // Not managed beans of this handler: started here so that their lifecycles follow the server's.
        glacier.setServer(getServer());
        glacier.start();
        for (Handler other : others.values()) {
            other.setServer(getServer());
            other.start();
        }
        super.doStart();
    }

    @Override
    protected void doStop() throws Exception {
        super.doStop();
        for (Handler other : others.values()) {
            other.stop();
        }
        glacier.stop();
    }
}
