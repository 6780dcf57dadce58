package io.permafrost.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The server's Ed25519 key (the JDK's own): the private key in a PKCS#8 file readable by its owner only,
 * created on first use; the public key as X.509 PEM beside it ({@code FILE.pub}) for whoever verifies.
 */
public final class SigningKey {
    private static final String ALGORITHM = "Ed25519";
    private static final String PEM_BEGIN = "-----BEGIN PUBLIC KEY-----";
    private static final String PEM_END = "-----END PUBLIC KEY-----";

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    private SigningKey(PrivateKey privateKey, PublicKey publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * The key in {@code privateKeyFile}, or a new one written there (mode 0600) when the file is missing;
     * either way {@code privateKeyFile.pub} is (re)written with the public key. Unchecked on failure (an
     * unreadable file, a key that is not Ed25519), so that callers that cannot go on without it need no
     * handler of their own.
     */
    public static SigningKey loadOrCreate(Path privateKeyFile) {
        try {
            SigningKey key;
            if (Files.exists(privateKeyFile)) {
                key = load(privateKeyFile);
            } else {
                KeyPair pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
                key = new SigningKey(pair.getPrivate(), pair.getPublic());
                // A cluster node has no data directory of its own: its default key path's folder may not exist yet.
                Files.createDirectories(privateKeyFile.toAbsolutePath().getParent());
                AtomicFile.write(privateKeyFile, pair.getPrivate().getEncoded(), AtomicFile.OWNER_ONLY);
            }
            Path pub = privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
            if (!Files.exists(pub) || !Files.readString(pub).equals(key.publicKeyPem())) {
                AtomicFile.write(pub, key.publicKeyPem().getBytes(StandardCharsets.US_ASCII), AtomicFile.WORLD_READABLE);
            }
            return key;
        } catch (GeneralSecurityException e) {
            throw new UncheckedIOException(new IOException(privateKeyFile + ": not an Ed25519 private key in PKCS#8 form", e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static SigningKey load(Path file) throws IOException, GeneralSecurityException {
        KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
        PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(file)));
        // The JDK has no call that derives an Ed25519 public key from a private one, and the PKCS#8 file it
        // writes holds no public key. But key generation takes exactly the 32 private bytes from its random
        // source (RFC 8032 5.1.5), so a generator fed those bytes rebuilds the same pair.
        byte[] seed = ((EdECPrivateKey) privateKey).getBytes()
                .orElseThrow(() -> new GeneralSecurityException("the private key's bytes are not readable"));
        KeyPairGenerator generator = KeyPairGenerator.getInstance(ALGORITHM);
        generator.initialize(NamedParameterSpec.ED25519, new ReplayedSeed(seed));
        PublicKey publicKey = generator.generateKeyPair().getPublic();
        return new SigningKey(privateKey, publicKey);
    }

    /** A random source that hands out one given seed: key generation then rebuilds that seed's key pair. */
    private static final class ReplayedSeed extends java.security.SecureRandom {
        private final byte[] seed;

        ReplayedSeed(byte[] seed) {
            this.seed = seed.clone();
        }

        @Override
        public void nextBytes(byte[] bytes) {
            if (bytes.length != seed.length) {
                throw new IllegalStateException("key generation asked for " + bytes.length + " bytes, not the seed's "
                        + seed.length);
            }
            System.arraycopy(seed, 0, bytes, 0, seed.length);
        }
    }

    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the audit key: " + e.getMessage(), e);
        }
    }

    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(publicKey.getEncoded());
        return PEM_BEGIN + "\n" + body + "\n" + PEM_END + "\n";
    }

    /** The key's id: SHA-256 of its X.509 encoding, lower-case hex. */
    public String keyId() {
        return keyId(publicKeyPem());
    }

    public static String keyId(String publicKeyPem) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der(publicKeyPem)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is the Ed25519 signature of {@code data} by the key in {@code publicKeyPem}. */
    public static boolean verify(String publicKeyPem, byte[] data, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(der(publicKeyPem)));
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(key);
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static byte[] der(String pem) {
        String base64 = pem.replace(PEM_BEGIN, "").replace(PEM_END, "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(base64);
    }
}
