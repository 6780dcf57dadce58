package io.permafrost.http;

import java.nio.file.Path;

/**
 * HTTPS for the listener: a PKCS#12 (or JKS) key store holding the server's key and certificate
 * chain. When present the port speaks TLS only, and {@code aws:SecureTransport} is true.
 */
public record TlsSettings(Path keyStore, String keyStorePassword) {
}
