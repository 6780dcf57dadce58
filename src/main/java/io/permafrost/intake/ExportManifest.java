package io.permafrost.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.permafrost.glacier.TreeHash;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@code manifest.jsonl} of an export, readable by any tool: one JSON object per line, the first the
 * vault ({@link Header}), then one per archive ({@link Entry}). Archive files are named from the SHA-256
 * of their id, never the id itself: ids may begin with '-' and differ only in case, which some file
 * systems and shells do not keep apart.
 */
public final class ExportManifest {
    public static final String NAME = "manifest.jsonl";
    public static final String FORMAT = "permafrost-vault-export";
    public static final int VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportManifest() {
    }

    /**
     * The vault as exported.
     *
     * @param lockState "Locked" or "InProgress" when {@code lockPolicy} is set, else null
     */
    public record Header(String account, String vault, Instant exportedAt, String lockPolicy, String lockState,
                         String accessPolicy, Map<String, String> tags, VaultNotificationConfig notifications) {
        public Header {
            tags = tags == null ? Map.of() : Map.copyOf(tags);
        }

        /**
         * What an import copies: the source lock comes back InProgress, whatever its state was; its policies were
         * written for this vault (so in a vault of another name or account they are made to name that one).
         */
        public VaultSettings settings() {
            return new VaultSettings(accessPolicy, tags, notifications, lockPolicy,
                    account == null || vault == null ? null : new VaultSettings.SourceVault(account, vault));
        }
    }

    /** One archive and the file inside the export that holds its bytes. */
    public record Entry(ImportedArchive archive, String file) {
    }

    public static String fileNameOf(String archiveId) {
        return "archives/" + HexFormat.of().formatHex(TreeHash.sha256().digest(archiveId.getBytes(StandardCharsets.UTF_8)))
                + ".archive";
    }

    public static String headerLine(Header header) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("format", FORMAT);
        node.put("version", VERSION);
        node.put("account", header.account());
        node.put("vault", header.vault());
        node.put("exportedAt", header.exportedAt().toString());
        if (header.lockPolicy() != null) {
            ObjectNode lock = node.putObject("lock");
            lock.put("state", header.lockState());
            lock.put("policy", header.lockPolicy());
        }
        node.put("accessPolicy", header.accessPolicy());
        IntakeRecords.putTagsAndNotifications(node, header.tags(), header.notifications());
        return JSON.writeValueAsString(node);
    }

    public static Header header(String line) throws IOException {
        JsonNode node = JSON.readTree(line);
        if (node == null || !FORMAT.equals(node.path("format").asText()) || node.path("version").asInt() != VERSION) {
            throw new IOException("not a " + FORMAT + " version " + VERSION + " manifest (first line: "
                    + abbreviate(line) + ")");
        }
        JsonNode lock = node.path("lock");
        return new Header(IntakeRecords.text(node, "account"), IntakeRecords.text(node, "vault"),
                Instant.parse(node.path("exportedAt").asText()), IntakeRecords.text(lock, "policy"),
                IntakeRecords.text(lock, "state"), IntakeRecords.text(node, "accessPolicy"), IntakeRecords.tags(node),
                IntakeRecords.notifications(node));
    }

    public static String entryLine(Entry entry) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        ImportedArchive archive = entry.archive();
        node.put("archiveId", archive.archiveId());
        node.put("description", archive.description());
        node.put("creationDate", archive.creationDate().toString());
        node.put("size", archive.size());
        node.put("sha256TreeHash", archive.treeHash());
        node.put("file", entry.file());
        return JSON.writeValueAsString(node);
    }

    /** An archive line; IOException naming what is missing when it is not one. */
    public static Entry entry(String line) throws IOException {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (IOException e) {
            throw new IOException("not JSON: " + abbreviate(line));
        }
        for (String field : new String[] {"archiveId", "creationDate", "size", "sha256TreeHash", "file"}) {
            if (node == null || !node.hasNonNull(field)) {
                throw new IOException("manifest line without " + field + ": " + abbreviate(line));
            }
        }
        Instant created;
        try {
            created = Instant.parse(node.get("creationDate").asText());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IOException("creationDate is not ISO-8601: " + abbreviate(line));
        }
        return new Entry(new ImportedArchive(node.get("archiveId").asText(), IntakeRecords.text(node, "description"),
                created, node.get("size").asLong(), node.get("sha256TreeHash").asText()), node.get("file").asText());
    }

    private static String abbreviate(String line) {
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }
}
