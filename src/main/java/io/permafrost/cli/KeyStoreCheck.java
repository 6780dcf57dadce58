package io.permafrost.cli;

import io.permafrost.http.TlsSettings;

import java.io.IOException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Collections;

/**
 * Opens the TLS key store once before the server starts, so that a wrong path, a wrong password or
 * a store without a private key is one line naming the setting rather than Jetty's stack trace.
 */
final class KeyStoreCheck {
    private static final String PASSWORD_SETTINGS = "the password comes from PERMAFROST_TLS_KEYSTORE_PASSWORD "
            + "or tls.keyStorePassword";

    private KeyStoreCheck() {
    }

    static void requireServerKey(TlsSettings tls, String setting) {
        String where = setting + " " + tls.keyStore().toAbsolutePath();
        if (!Files.isRegularFile(tls.keyStore()) || !Files.isReadable(tls.keyStore())) {
            throw new StartupException(where + ": no readable key store file there");
        }
        KeyStore store;
        try {
            store = KeyStore.getInstance(tls.keyStore().toFile(), tls.keyStorePassword().toCharArray());
        } catch (IOException | GeneralSecurityException e) {
            throw new StartupException(where + ": cannot open it as a PKCS#12 or JKS key store (" + e.getMessage()
                    + "); " + PASSWORD_SETTINGS);
        }
        try {
            for (String alias : Collections.list(store.aliases())) {
                if (store.isKeyEntry(alias)) {
                    return;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new StartupException(where + ": cannot list its entries (" + e.getMessage() + ")");
        }
        throw new StartupException(where + ": holds no private key entry (a server needs its key and certificate)");
    }
}
