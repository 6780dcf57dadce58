package io.permafrost.store.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.LockRecord;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One durable file per vault that has a lock or an access policy, {@code vaults/<account>/<key>.vault}
 * beside the blobs, so that losing the metadata database never silently loses a Vault Lock: recover
 * brings a vault recorded as Locked back Locked, with its policy. Written temp, fsync, rename, fsync.
 * The file is named by the SHA-256 of the vault name, never by the name itself: a vault name may be
 * 255 characters, longer than a file name may be with the suffix; the record holds the name.
 * Writes are serialised: two requests changing one vault's policy would otherwise share a temp file.
 * A record holding a LOCKED lock is never replaced or removed for another incarnation of its vault
 * (a vault of the same name with another creation date, as after an older metadata.db was restored),
 * unless the write keeps that same Locked policy: the lock only ever gets stricter.
 */
final class VaultRecordFiles {
    static final String DIRECTORY = "vaults";
    private static final String SUFFIX = ".vault";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a vault record holds; {@code lock} and {@code accessPolicy} may be null. */
    record Entry(String accountId, String vaultName, Instant creationDate, String accessPolicy, LockRecord lock) {
    }

    private final Path dir;

    VaultRecordFiles(Path dir) {
        this.dir = dir;
    }

    synchronized void write(Entry entry) throws IOException {
        refuseReplacingAnotherLockedIncarnation(entry.accountId(), entry.vaultName(), entry.creationDate(), entry.lock());
        if (entry.lock() == null && entry.accessPolicy() == null) {
            delete(entry.accountId(), entry.vaultName(), entry.creationDate());
            return;
        }
        Path account = dir.resolve(entry.accountId());
        if (!Files.isDirectory(account)) {
            Files.createDirectories(account);
            FileBlobStore.fsyncDirectory(dir);
        }
        Path target = account.resolve(fileName(entry.vaultName()));
        Path temp = account.resolve(fileName(entry.vaultName()) + ".tmp");
        FileBlobStore.writeAndForce(temp, encode(entry));
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileBlobStore.fsyncDirectory(account);
    }

    /** Removes the record of the vault created at {@code creationDate}; refused for another Locked incarnation. */
    synchronized void delete(String accountId, String vaultName, Instant creationDate) throws IOException {
        refuseReplacingAnotherLockedIncarnation(accountId, vaultName, creationDate, null);
        Path account = dir.resolve(accountId);
        if (Files.deleteIfExists(account.resolve(fileName(vaultName)))) {
            FileBlobStore.fsyncDirectory(account);
        }
    }

    /** The record of a vault, if it has one. */
    synchronized Optional<Entry> find(String accountId, String vaultName) throws IOException {
        Path file = dir.resolve(accountId).resolve(fileName(vaultName));
        return Files.exists(file) ? Optional.of(read(file)) : Optional.empty();
    }

    private void refuseReplacingAnotherLockedIncarnation(String accountId, String vaultName, Instant creationDate,
                                                         LockRecord next) throws IOException {
        Optional<Entry> existing = find(accountId, vaultName);
        if (existing.isEmpty() || existing.get().creationDate().equals(creationDate)) {
            return;
        }
        LockRecord locked = existing.get().lock();
        if (locked == null || locked.state() != LockRecord.LockState.LOCKED) {
            return;
        }
        boolean keepsTheLock = next != null && next.state() == LockRecord.LockState.LOCKED
                && next.policy().equals(locked.policy());
        if (!keepsTheLock) {
            throw new LockedRecordConflict("the record of vault " + accountId + "/" + vaultName + " holds a Locked "
                    + "policy of the vault of that name created at " + existing.get().creationDate()
                    + ", not of the one created at " + creationDate + " that the metadata database knows: refusing to "
                    + "replace it (the metadata looks restored from an older backup; permafrost recover restores the lock)");
        }
    }

    private static String fileName(String vaultName) {
        return HexFormat.of().formatHex(TreeHash.sha256().digest(vaultName.getBytes(StandardCharsets.UTF_8))) + SUFFIX;
    }

    /** Every record; a damaged one is reported by the exception of {@link #read}. */
    List<Path> files() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return new ArrayList<>(files.filter(f -> f.getFileName().toString().endsWith(SUFFIX)).sorted().toList());
        }
    }

    static Entry read(Path file) throws IOException {
        JsonNode root = JSON.readTree(Files.readAllBytes(file));
        if (root == null || root.path("format").asInt() != 1) {
            throw new IOException("not a vault record: " + file);
        }
        JsonNode lock = root.get("lock");
        LockRecord lockRecord = lock == null || lock.isNull() ? null : new LockRecord(lock.path("policy").asText(),
                LockRecord.LockState.valueOf(lock.path("state").asText()), lock.path("lockId").asText(),
                Instant.parse(lock.path("creationDate").asText()),
                lock.hasNonNull("expirationDate") ? Instant.parse(lock.get("expirationDate").asText()) : null,
                lock.hasNonNull("completedAt") ? Instant.parse(lock.get("completedAt").asText()) : null);
        return new Entry(root.path("accountId").asText(), root.path("vaultName").asText(),
                Instant.parse(root.path("creationDate").asText()),
                root.hasNonNull("accessPolicy") ? root.get("accessPolicy").asText() : null, lockRecord);
    }

    private static byte[] encode(Entry entry) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.put("accountId", entry.accountId());
        root.put("vaultName", entry.vaultName());
        root.put("creationDate", entry.creationDate().toString());
        root.put("accessPolicy", entry.accessPolicy());
        LockRecord lock = entry.lock();
        if (lock != null) {
            ObjectNode node = root.putObject("lock");
            node.put("policy", lock.policy());
            node.put("state", lock.state().name());
            node.put("lockId", lock.lockId());
            node.put("creationDate", lock.creationDate().toString());
            node.put("expirationDate", lock.expirationDate() == null ? null : lock.expirationDate().toString());
            if (lock.completedAt() != null) {
                node.put("completedAt", lock.completedAt().toString());
            }
        }
        return JSON.writeValueAsBytes(root);
    }
}
