package io.permafrost.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if ((key == null) != (secret == null)) {
            // Half a key pair would otherwise silently fall back to the generated key.
            throw new StartupException((key == null ? "PERMAFROST_SECRET_ACCESS_KEY" : "PERMAFROST_ACCESS_KEY_ID")
                    + " is set but " + (key == null ? "PERMAFROST_ACCESS_KEY_ID" : "PERMAFROST_SECRET_ACCESS_KEY")
                    + " is not; set both or neither");
        }
        String envAccount = accountId("PERMAFROST_ACCOUNT_ID", env.get("PERMAFROST_ACCOUNT_ID"));
        String fileAccount = accountId("config: defaultAccountId", configuredAccount);
        String account = envAccount != null ? envAccount : fileAccount != null ? fileAccount : DEFAULT_ACCOUNT;
        Path file = dataDir.resolve(FILE);
        if (key != null) {
            return new RootCredentials(key, secret, account, false);
        }
        if (Files.exists(file)) {
            return stored(file, envAccount);
        }
        SecureRandom random = new SecureRandom();
        RootCredentials fresh = new RootCredentials("PFAK" + draw(random, KEY_CHARS, 16), draw(random, SECRET_CHARS, 40),
                account, true);
        ObjectNode json = new ObjectMapper().createObjectNode()
                .put("accessKeyId", fresh.accessKeyId)
                .put("secretAccessKey", fresh.secretAccessKey)
                .put("accountId", fresh.accountId);
        // Durable: a key printed once and then lost in a crash would lock the operator out.
        DurableFile.write(file, new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsBytes(json),
                DurableFile.OWNER_ONLY);
        return fresh;
    }

    /** The generated key of an earlier start; PERMAFROST_ACCOUNT_ID still wins over the stored account id. */
    private static RootCredentials stored(Path file, String envAccount) throws IOException {
        JsonNode stored;
        try {
            stored = new ObjectMapper().readTree(file.toFile());
        } catch (JacksonException e) {
            throw new StartupException(file + " is not valid JSON (" + e.getOriginalMessage()
                    + "); restore it, or set PERMAFROST_ACCESS_KEY_ID and PERMAFROST_SECRET_ACCESS_KEY");
        }
        for (String member : new String[] {"accessKeyId", "secretAccessKey", "accountId"}) {
            if (stored == null || !stored.path(member).isTextual()) {
                throw new StartupException(file + " lacks \"" + member
                        + "\"; restore it, or set PERMAFROST_ACCESS_KEY_ID and PERMAFROST_SECRET_ACCESS_KEY");
            }
        }
        return new RootCredentials(stored.get("accessKeyId").asText(), stored.get("secretAccessKey").asText(),
                envAccount != null ? envAccount : stored.get("accountId").asText(), false);
    }

    private static String accountId(String setting, String value) {
        if (value != null && !AccountsFile.ACCOUNT_ID.matcher(value).matches()) {
            throw new StartupException(setting + " must be a 12-digit account id, got '" + value + "'");
        }
        return value;
    }

    private static String draw(SecureRandom random, char[] alphabet, int length) {
        char[] out = new char[length];
        for (int i = 0; i < length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return new String(out);
    }
}
