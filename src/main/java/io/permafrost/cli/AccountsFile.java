package io.permafrost.cli;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
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
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Reads the {@code accounts} section of the configuration file: accounts, their root keys, their
 * users with keys and identity policies. Every identity policy is validated at start; an invalid one
 * stops the server rather than being silently ignored.
 */
final class AccountsFile {
    static final Pattern ACCOUNT_ID = Pattern.compile("[0-9]{12}");
    private static final Set<String> ACCOUNT_MEMBERS = Set.of("id", "rootKeys", "users");
    private static final Set<String> USER_MEMBERS = Set.of("name", "mfa", "keys", "policies");
    private static final Set<String> KEY_MEMBERS = Set.of("accessKeyId", "secretAccessKey", "sessionToken", "expiresAt");

    private AccountsFile() {
    }

    static List<Credential> credentials(JsonNode accounts) {
        List<Credential> credentials = new ArrayList<>();
        for (JsonNode account : accountsArray(accounts)) {
            ConfigShape.requireKnown(account, "accounts[]", ACCOUNT_MEMBERS);
            String id = accountId(account);
            Caller root = Caller.root(id);
            for (JsonNode key : iterable(account.get("rootKeys"))) {
                credentials.add(credential(key, root));
            }
            for (JsonNode user : iterable(account.get("users"))) {
                ConfigShape.requireKnown(user, "accounts[].users[]", USER_MEMBERS);
                String name = text(user, "name", "users[].name");
                List<String> policies = new ArrayList<>();
                for (JsonNode policy : iterable(user.get("policies"))) {
                    String document = policy.isTextual() ? policy.textValue() : policy.toString();
                    try {
                        PolicyParser.parse(document, PolicyKind.IDENTITY);
                    } catch (RuntimeException e) {
                        throw new StartupException("config: identity policy of user " + name + " in account "
                                + id + " is invalid: " + e.getMessage());
                    }
                    policies.add(document);
                }
                boolean mfa = user.path("mfa").asBoolean(false);
                Caller caller = new Caller(id, userArn(id, name), name, userId(id, name),
                        policies, mfa);
                for (JsonNode key : iterable(user.get("keys"))) {
                    credentials.add(credential(key, caller));
                }
            }
        }
        refuseDuplicateKeys(credentials);
        return credentials;
    }

    /** The ids of every account the file lists, with or without keys. */
    static Set<String> accountIds(JsonNode accounts) {
        Set<String> ids = new TreeSet<>();
        for (JsonNode account : accountsArray(accounts)) {
            ids.add(accountId(account));
        }
        return ids;
    }

    /** One key id with two identities would make authentication depend on load order. */
    private static void refuseDuplicateKeys(List<Credential> credentials) {
        Map<String, Credential> byKeyId = new HashMap<>();
        for (Credential credential : credentials) {
            Credential earlier = byKeyId.putIfAbsent(credential.accessKeyId(), credential);
            if (earlier != null) {
                throw new StartupException("config: access key id " + credential.accessKeyId() + " is given twice in "
                        + "accounts (for " + earlier.caller().arn() + " and " + credential.caller().arn()
                        + "); every key id must be unique");
            }
        }
    }

    static JsonNode read(Path file) {
        try {
            return new ObjectMapper().readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new StartupException("--config " + file + ": not valid JSON"
                    + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw StartupException.io("--config " + file + ": cannot read it", e);
        }
    }

    private static Iterable<JsonNode> accountsArray(JsonNode accounts) {
        if (accounts != null && !accounts.isNull() && !accounts.isArray()) {
            throw new StartupException("config: accounts must be an array");
        }
        return iterable(accounts);
    }

    private static String accountId(JsonNode account) {
        String id = text(account, "id", "accounts[].id");
        if (!ACCOUNT_ID.matcher(id).matches()) {
            throw new StartupException("config: account id must be 12 digits, got '" + id + "'");
        }
        return id;
    }

    private static Credential credential(JsonNode key, Caller caller) {
        ConfigShape.requireKnown(key, "keys of " + caller.arn(), KEY_MEMBERS);
        String id = text(key, "accessKeyId", "keys[].accessKeyId");
        String secret = text(key, "secretAccessKey", "keys[].secretAccessKey");
        String token = key.hasNonNull("sessionToken") ? key.get("sessionToken").asText() : null;
        return new Credential(id, secret, caller, token, expiresAt(key, id));
    }

    private static Instant expiresAt(JsonNode key, String keyId) {
        if (!key.hasNonNull("expiresAt")) {
            return null;
        }
        try {
            return Instant.parse(key.get("expiresAt").asText());
        } catch (DateTimeParseException e) {
            throw new StartupException("config: expiresAt of key " + keyId + " must be an ISO instant such as "
                    + "2030-01-01T00:00:00Z, got '" + key.get("expiresAt").asText() + "'");
        }
    }

    /** A user's principal ARN: what {@code Principal} entries and {@code aws:PrincipalArn} match. */
    static String userArn(String account, String name) {
        return "arn:aws:iam::" + account + ":user/" + name;
    }

    /** A stable IAM-style unique id (AIDA…) for {@code aws:userid}, derived from account and name. */
    static String userId(String account, String name) {
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
            throw new StartupException("config: " + where + " is required");
        }
        return value.textValue();
    }

    private static Iterable<JsonNode> iterable(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new StartupException("config: expected an array, got " + node.getNodeType());
        }
        return node;
    }
}
