package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Map;

/**
 * The default account's root key: from the environment when given, otherwise generated on first
 * start and kept in {@code DIR/root-credentials.json} readable by the owner only.
 */
record RootCredentials(String accessKeyId, String secretAccessKey, String accountId, boolean generated) {
    static final String FILE = "root-credentials.json";
    /** The account id when none is configured: the one AWS documentation and most emulators use. */
    static final String DEFAULT_ACCOUNT = "123456789012";
    private static final char[] KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final char[] SECRET_CHARS =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".toCharArray();

    static RootCredentials resolve(Map<String, String> env, Path dataDir, String configuredAccount) throws IOException {
        String key = env.get("PERMAFROST_ACCESS_KEY_ID");
        String secret = env.get("PERMAFROST_SECRET_ACCESS_KEY");
        String account = env.getOrDefault("PERMAFROST_ACCOUNT_ID",
                configuredAccount != null ? configuredAccount : DEFAULT_ACCOUNT);
        Path file = dataDir.resolve(FILE);
        if (key != null && secret != null) {
            return new RootCredentials(key, secret, account, false);
        }
        if (Files.exists(file)) {
            JsonNode stored = new ObjectMapper().readTree(file.toFile());
            return new RootCredentials(stored.get("accessKeyId").asText(), stored.get("secretAccessKey").asText(),
                    env.getOrDefault("PERMAFROST_ACCOUNT_ID", stored.get("accountId").asText()), false);
        }
        SecureRandom random = new SecureRandom();
        RootCredentials fresh = new RootCredentials("PFAK" + draw(random, KEY_CHARS, 16), draw(random, SECRET_CHARS, 40),
                account, true);
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("accessKeyId", fresh.accessKeyId)
                .put("secretAccessKey", fresh.secretAccessKey)
                .put("accountId", fresh.accountId);
        Files.createDirectories(dataDir);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(json),
                StandardOpenOption.TRUNCATE_EXISTING);
        return fresh;
    }

    private static String draw(SecureRandom random, char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
