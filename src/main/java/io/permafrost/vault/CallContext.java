package io.permafrost.vault;

import io.permafrost.glacier.Caller;

/**
 * Who is asking and over what connection: everything the authorization gate needs besides the
 * vault's own state. The HTTP layer builds one per request; admin commands build their own.
 */
public record CallContext(Caller caller, String sourceIp, boolean secureTransport, String userAgent) {
}
