package io.permafrost.evidence;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.permafrost.audit.SigningKey;
import io.permafrost.store.AccessPolicyChange;
import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.ArchiveScanKey;
import io.permafrost.store.EvidenceStore.ScrubbedArchive;
import io.permafrost.store.LockRecord;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.ScrubResult;
import io.permafrost.store.VaultRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a vault's evidence bundle (docs/evidence.md) while reading it from the store: the archive list
 * goes from the database cursor through a JSON generator to the file, and is digested on the way, so memory
 * does not grow with the number of archives. Signs the digest of line 1 with the server's key.
 */
public final class EvidenceWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final MetadataStore store;
    private final Clock complianceClock;
    private final SigningKey key;
    private final AuditHead auditHead;

    public EvidenceWriter(MetadataStore store, Clock complianceClock, SigningKey key, AuditHead auditHead) {
        this.store = store;
        this.complianceClock = complianceClock;
        this.key = key;
        this.auditHead = auditHead;
    }

    /** What was written: how many archives and bytes it lists, and the signed digest (hex). */
    public record Summary(long archives, long bytes, String sha256) {
    }

    public Summary write(VaultRecord vault, String vaultArn, OutputStream out) throws IOException {
        try {
            return writeSigned(vault, vaultArn, out);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private Summary writeSigned(VaultRecord vault, String vaultArn, OutputStream out) throws IOException {
        Instant generatedAt = complianceClock.instant();
        SignedBytes bytes = new SignedBytes(out);
        Map<String, String> sections = new LinkedHashMap<>();
        long[] totals = new long[2];
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeStringField("format", EvidenceFormat.FORMAT);
            g.writeStringField("generatedAt", generatedAt.toString());
            g.writeStringField("account", vault.accountId());
            section(g, bytes, sections, "vault", () -> writeVault(g, vault, vaultArn));
            LockRecord lock = store.vaults().lock(vault.id()).filter(l -> l.isLiveAt(generatedAt)).orElse(null);
            section(g, bytes, sections, "lock", () -> writeLock(g, lock));
            section(g, bytes, sections, "accessPolicy", () -> writeAccessPolicy(g, vault));
            section(g, bytes, sections, "archives", () -> writeArchives(g, vault, totals));
            g.writeNumberField("archiveCount", totals[0]);
            g.writeNumberField("archiveBytes", totals[1]);
            section(g, bytes, sections, "auditChainHead", () -> writeAuditHead(g));
            g.writeObjectFieldStart("sections");
            for (Map.Entry<String, String> section : sections.entrySet()) {
                g.writeStringField(section.getKey(), section.getValue());
            }
            g.writeEndObject();
            // The generator never writes a raw LF (JSON escapes it inside strings): this one ends the signed line.
            g.writeRaw('\n');
            g.flush();
            byte[] digest = bytes.endSigned();
            g.writeObjectFieldStart(EvidenceFormat.SIGNATURE);
            g.writeStringField("algorithm", EvidenceFormat.ALGORITHM);
            g.writeStringField("signedBytes", EvidenceFormat.SIGNED_BYTES);
            g.writeStringField("sha256", HexFormat.of().formatHex(digest));
            g.writeStringField("publicKey", key.publicKeyPem());
            g.writeStringField("value", Base64.getEncoder().encodeToString(key.sign(digest)));
            g.writeEndObject();
            g.writeEndObject();
            g.writeRaw('\n');
            return new Summary(totals[0], totals[1], HexFormat.of().formatHex(digest));
        }
    }

    private static void section(JsonGenerator g, SignedBytes bytes, Map<String, String> digests, String name,
                                IoStep body) throws IOException {
        g.writeFieldName(name);
        g.flush();
        bytes.startSection();
        body.run();
        g.flush();
        digests.put(name, bytes.endSection());
    }

    private static void writeVault(JsonGenerator g, VaultRecord vault, String arn) throws IOException {
        g.writeStartObject();
        g.writeStringField("arn", arn);
        g.writeStringField("name", vault.name());
        g.writeStringField("creationDate", vault.creationDate().toString());
        writeInstant(g, "lastInventoryDate", vault.lastInventoryDate());
        g.writeNumberField("numberOfArchives", vault.numberOfArchives());
        g.writeNumberField("sizeInBytes", vault.sizeInBytes());
        g.writeEndObject();
    }

    private static void writeLock(JsonGenerator g, LockRecord lock) throws IOException {
        if (lock == null) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeStringField("policy", lock.policy());
        g.writeStringField("state", lock.state() == LockRecord.LockState.LOCKED ? "Locked" : "InProgress");
        g.writeStringField("lockId", lock.lockId());
        g.writeStringField("initiatedAt", lock.creationDate().toString());
        writeInstant(g, "completedAt", lock.completedAt());
        writeInstant(g, "expiresAt", lock.expirationDate());
        g.writeEndObject();
    }

    private void writeAccessPolicy(JsonGenerator g, VaultRecord vault) throws IOException {
        g.writeStartObject();
        g.writeStringField("current", store.vaults().accessPolicy(vault.id()).orElse(null));
        g.writeArrayFieldStart("history");
        store.evidence().accessPolicyHistory(vault.id(), change -> unchecked(() -> writeChange(g, change)));
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeChange(JsonGenerator g, AccessPolicyChange change) throws IOException {
        g.writeStartObject();
        g.writeStringField("at", change.at().toString());
        g.writeStringField("principal", change.principal());
        g.writeStringField("policy", change.policy());
        g.writeEndObject();
    }

    private void writeArchives(JsonGenerator g, VaultRecord vault, long[] totals) throws IOException {
        g.writeStartArray();
        ArchiveScanKey[] last = new ArchiveScanKey[1];
        store.evidence().scanWithScrubs(vault.id(), row -> {
            ArchiveRecord archive = row.archive();
            // A cursor that started over (a retried read) would list archives twice: refuse rather than sign that.
            if (last[0] != null && !last[0].precedes(archive)) {
                throw new IllegalStateException("the archive listing went back to " + archive.archiveId());
            }
            last[0] = ArchiveScanKey.of(archive);
            totals[0]++;
            totals[1] += archive.size();
            unchecked(() -> writeArchive(g, row));
        });
        g.writeEndArray();
    }

    private static void writeArchive(JsonGenerator g, ScrubbedArchive row) throws IOException {
        ArchiveRecord archive = row.archive();
        g.writeStartObject();
        g.writeStringField("archiveId", archive.archiveId());
        g.writeStringField("description", archive.description());
        g.writeNumberField("size", archive.size());
        g.writeStringField("creationDate", archive.creationDate().toString());
        g.writeStringField("treeHash", archive.treeHash().toLowerCase(Locale.ROOT));
        ScrubResult scrub = row.lastScrub();
        if (scrub == null) {
            g.writeNullField("lastScrub");
        } else {
            g.writeObjectFieldStart("lastScrub");
            g.writeStringField("at", scrub.at().toString());
            g.writeStringField("result", scrub.outcome().name().toLowerCase(Locale.ROOT));
            g.writeStringField("hash", scrub.computedHash() == null ? null
                    : scrub.computedHash().toLowerCase(Locale.ROOT));
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private void writeAuditHead(JsonGenerator g) throws IOException {
        var head = auditHead.head();
        if (head.isEmpty()) {
            g.writeNull();
            return;
        }
        g.writeStartObject();
        g.writeNumberField("seq", head.get().seq());
        g.writeStringField("hash", head.get().hashHex());
        g.writeEndObject();
    }

    private static void writeInstant(JsonGenerator g, String field, Instant value) throws IOException {
        g.writeStringField(field, value == null ? null : value.toString());
    }

    private interface IoStep {
        void run() throws IOException;
    }

    /** The store hands rows to a plain Consumer: a write failure travels out of it unchecked, unwrapped by {@link #write}. */
    private static void unchecked(IoStep step) {
        try {
            step.run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
