package io.permafrost.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.auth.Credential;
import io.permafrost.glacier.Caller;
import io.permafrost.policy.PolicyKind;
import io.permafrost.policy.PolicyParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the {@code accounts} section of the configuration file: accounts, their root keys, their
 * users with keys and identity policies. Every identity policy is validated at start; an invalid one
 * stops the server rather than being silently ignored.
 */
final class AccountsFile {
    private static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");

    private AccountsFile() {
    }

    static List<Credential> credentials(JsonNode accounts) {
        List<Credential> credentials = new ArrayList<>();
        if (accounts == null || accounts.isNull()) {
            return credentials;
        }
        if (!accounts.isArray()) {
            throw new IllegalArgumentException("config: accounts must be an array");
        }
        for (JsonNode account : accounts) {
            String id = text(account, "id", "accounts[].id");
            if (!ACCOUNT_ID.matcher(id).matches()) {
                throw new IllegalArgumentException("config: account id must be 12 digits, got '" + id + "'");
            }
            Caller root = Caller.root(id);
            for (JsonNode key : iterable(account.get("rootKeys"))) {
                credentials.add(credential(key, root));
            }
            for (JsonNode user : iterable(account.get("users"))) {
                String name = text(user, "name", "users[].name");
                List<String> policies = new ArrayList<>();
                for (JsonNode policy : iterable(user.get("policies"))) {
                    String document = policy.isTextual() ? policy.textValue() : policy.toString();
                    try {
                        PolicyParser.parse(document, PolicyKind.IDENTITY);
                    } catch (RuntimeException e) {
                        throw new IllegalArgumentException("config: identity policy of user " + name + " in account "
                                + id + " is invalid: " + e.getMessage());
                    }
                    policies.add(document);
                }
                boolean mfa = user.path("mfa").asBoolean(false);
                Caller caller = new Caller(id, "arn:aws:iam::" + id + ":user/" + name, name, userId(id, name),
                        policies, mfa);
                for (JsonNode key : iterable(user.get("keys"))) {
                    credentials.add(credential(key, caller));
                }
            }
        }
        return credentials;
    }

    static JsonNode read(Path file) throws IOException {
        return new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
    }

    private static Credential credential(JsonNode key, Caller caller) {
        String id = text(key, "accessKeyId", "keys[].accessKeyId");
        String secret = text(key, "secretAccessKey", "keys[].secretAccessKey");
        String token = key.hasNonNull("sessionToken") ? key.get("sessionToken").asText() : null;
        Instant expires = key.hasNonNull("expiresAt") ? Instant.parse(key.get("expiresAt").asText()) : null;
        return new Credential(id, secret, caller, token, expires);
    }

    /** A stable IAM-style unique id (AIDA…) for {@code aws:userid}, derived from account and name. */
    private static String userId(String account, String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((account + "/" + name).getBytes(StandardCharsets.UTF_8));
            return "AIDA" + HexFormat.of().formatHex(digest, 0, 8).toUpperCase(Locale.ROOT);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(JsonNode node, String member, String where) {
        JsonNode value = node.get(member);
        if (value == null || !value.isTextual() || value.textValue().isEmpty()) {
            throw new IllegalArgumentException("config: " + where + " is required");
        }
        return value.textValue();
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new IllegalArgumentException("config: expected an array, got " + node.getNodeType());
        }
        return node;
    }
}
