package io.permafrost.vault;

import io.permafrost.audit.AuditScope;
import io.permafrost.glacier.Caller;

/**
 * Who is asking and over what connection: everything the authorization gate needs besides the
 * vault's own state, and the request's audit record in the making. The HTTP layer builds one per
 * request; admin commands build their own.
 */
public record CallContext(Caller caller, String sourceIp, boolean secureTransport, String userAgent, AuditScope audit) {

    /** A call nobody audits (admin commands, the simulator's hypothetical principal). */
    public CallContext(Caller caller, String sourceIp, boolean secureTransport, String userAgent) {
        this(caller, sourceIp, secureTransport, userAgent, AuditScope.NONE);
    }
}
