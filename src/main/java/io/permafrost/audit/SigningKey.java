package io.permafrost.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The server's Ed25519 signing key (JDK provider): the private key as PKCS#8 PEM in a file only its owner
 * may read (mode 0600), the public key beside it ({@code FILE.pub}, X.509 SubjectPublicKeyInfo PEM), the
 * form {@code openssl pkey} reads, so anyone can check a signature with the public file alone.
 */
public final class SigningKey {
    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final String publicKeyPem;

    private SigningKey(PrivateKey privateKey, String publicKeyPem) {
        this.privateKey = privateKey;
        this.publicKeyPem = publicKeyPem;
    }

    /** Loads the key at {@code privateKeyFile}, or creates it (and its {@code .pub}) when there is none. */
    public static SigningKey loadOrCreate(Path privateKeyFile) throws IOException {
        Path publicKeyFile = privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub");
        if (!Files.exists(privateKeyFile)) {
            create(privateKeyFile, publicKeyFile);
        }
        try {
            KeyFactory factory = KeyFactory.getInstance(ALGORITHM);
            byte[] pkcs8 = fromPem(Files.readString(privateKeyFile, StandardCharsets.US_ASCII));
            PrivateKey privateKey = factory.generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            String publicPem = Files.readString(publicKeyFile, StandardCharsets.US_ASCII);
            parsePublic(publicPem);
            return new SigningKey(privateKey, publicPem);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException(privateKeyFile + " (or its .pub) is not an Ed25519 key: " + e.getMessage(), e);
        }
    }

    /** Written to temporary files and renamed, so a crash never leaves half a key; a racing creator's key wins. */
    private static void create(Path privateKeyFile, Path publicKeyFile) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IOException("this JDK cannot make Ed25519 keys: " + e.getMessage(), e);
        }
        Path dir = privateKeyFile.toAbsolutePath().getParent();
        Path privateTemp = Files.createTempFile(dir, ".signing-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Path publicTemp = Files.createTempFile(dir, ".signing-key", ".pub.tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-r--r--")));
        try {
            Files.writeString(privateTemp, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(publicTemp, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
            // The public half first: a private key is never there without the public key it goes with.
            Files.move(publicTemp, publicKeyFile, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.createLink(privateKeyFile, privateTemp);
            } catch (FileAlreadyExistsException raced) {
                // Another process created the key meanwhile; its public key must be the one on disk.
                throw new IOException(privateKeyFile + " was created by another process at the same time; run again");
            }
        } finally {
            Files.deleteIfExists(privateTemp);
            Files.deleteIfExists(publicTemp);
        }
    }

    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    public String publicKeyPem() {
        return publicKeyPem;
    }

    /** Whether {@code signature} is the Ed25519 signature of {@code data} by the key; false for any malformed input. */
    public static boolean verify(String publicKeyPem, byte[] data, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(ALGORITHM);
            verifier.initVerify(parsePublic(publicKeyPem));
            verifier.update(data);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    private static PublicKey parsePublic(String pem) throws GeneralSecurityException {
        return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(fromPem(pem)));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[]{'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    /** The DER inside a PEM text (whatever its label); IllegalArgumentException when there is none. */
    private static byte[] fromPem(String pem) {
        int begin = pem.indexOf("-----BEGIN ");
        int bodyStart = begin < 0 ? -1 : pem.indexOf('\n', begin);
        int end = pem.indexOf("-----END ");
        if (bodyStart < 0 || end < bodyStart) {
            throw new IllegalArgumentException("no PEM block");
        }
        return Base64.getMimeDecoder().decode(pem.substring(bodyStart + 1, end));
    }
}
