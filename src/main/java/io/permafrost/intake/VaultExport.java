package io.permafrost.intake;

import io.permafrost.store.ArchiveRecord;
import io.permafrost.store.BlobStore;
import io.permafrost.store.LockRecord;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;

import io.permafrost.vault.VaultNotifications;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code permafrost export}: a vault's archives and settings into an {@link ExportSink}. Two passes, each
 * streaming: the manifest from the metadata (into a temporary file, so that it can come first even in a
 * tar), then each archive it lists, read from its blobs and verified against its tree hash on the way
 * out. Memory does not depend on the number or size of the archives. Read-only: it runs beside a server.
 */
public final class VaultExport {
    private static final int BATCH = 1000;

    private final MetadataStore store;
    private final BlobStore blobs;

    public VaultExport(MetadataStore store, BlobStore blobs) {
        this.store = store;
        this.blobs = blobs;
    }

    /** One archive that is not (intact) in the export. */
    public record Failure(String archiveId, String problem) {
    }

    public record Report(long archives, long bytes, List<Failure> failures, String lockState) {
    }

    /** @param onFailure told of each failure as it happens (the report has them all, too) */
    public Report export(VaultRecord vault, Instant now, ExportSink sink, Consumer<Failure> onFailure) throws IOException {
        Path manifest = Files.createTempFile("permafrost-export-", ".jsonl");
        try {
            ExportManifest.Header header = header(vault, now);
            writeManifest(vault, header, manifest);
            sink.manifest(manifest);
            long archives = 0;
            long bytes = 0;
            List<Failure> failures = new ArrayList<>();
            try (BufferedReader lines = Files.newBufferedReader(manifest, StandardCharsets.UTF_8)) {
                lines.readLine();
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    ExportManifest.Entry entry = ExportManifest.entry(line);
                    String problem = copy(vault, entry, sink);
                    if (problem == null) {
                        archives++;
                        bytes += entry.archive().size();
                    } else {
                        Failure failure = new Failure(entry.archive().archiveId(), problem);
                        failures.add(failure);
                        onFailure.accept(failure);
                    }
                }
            }
            return new Report(archives, bytes, failures, header.lockState());
        } finally {
            Files.deleteIfExists(manifest);
        }
    }

    private String copy(VaultRecord vault, ExportManifest.Entry entry, ExportSink sink) throws IOException {
        ArchiveRecord archive = store.archives().find(vault.id(), entry.archive().archiveId()).orElse(null);
        if (archive == null) {
            return "deleted during the export";
        }
        try (VerifiedArchiveStream in = new VerifiedArchiveStream(archive, blobs)) {
            sink.archive(entry.file(), archive.size(), in);
            return null;
        } catch (VerifiedArchiveStream.Damaged e) {
            return e.getMessage() + (sink.keepsFailedBytes() ? " (its bytes are in the tar; an import refuses them)" : "");
        } catch (IOException e) {
            if (sink.keepsFailedBytes()) {
                // The tar stream broke mid-entry: nothing after this point could be read back.
                throw e;
            }
            return "archive " + archive.archiveId() + ": " + e.getMessage();
        }
    }

    private ExportManifest.Header header(VaultRecord vault, Instant now) {
        LockRecord lock = store.vaults().lock(vault.id()).filter(l -> l.state() == LockRecord.LockState.LOCKED
                || l.isLiveAt(now)).orElse(null);
        VaultNotificationConfig notifications = store.vaults().notificationConfig(vault.id())
                .map(VaultExport::notifications).orElse(null);
        Map<String, String> tags = store.vaults().tags(vault.id());
        return new ExportManifest.Header(vault.accountId(), vault.name(), now,
                lock == null ? null : lock.policy(),
                lock == null ? null : lock.state() == LockRecord.LockState.LOCKED ? "Locked" : "InProgress",
                store.vaults().accessPolicy(vault.id()).orElse(null), tags, notifications);
    }

    /** The stored form, read as the API reads it. */
    private static VaultNotificationConfig notifications(String json) {
        VaultNotifications stored = VaultNotifications.fromJson(json);
        return new VaultNotificationConfig(stored.snsTopic(), stored.events());
    }

    private void writeManifest(VaultRecord vault, ExportManifest.Header header, Path manifest) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
            out.write(ExportManifest.headerLine(header));
            out.write('\n');
            String after = null;
            while (true) {
                List<ArchiveRecord> batch = new ArrayList<>(BATCH);
                store.archives().scan(vault.id(), null, null, after, BATCH, batch::add);
                for (ArchiveRecord archive : batch) {
                    out.write(ExportManifest.entryLine(new ExportManifest.Entry(new ImportedArchive(archive.archiveId(),
                            archive.description(), archive.creationDate(), archive.size(), archive.treeHash()),
                            ExportManifest.fileNameOf(archive.archiveId()))));
                    out.write('\n');
                }
                if (batch.size() < BATCH) {
                    break;
                }
                after = store.archives().scanKey(batch.get(batch.size() - 1));
            }
        }
    }
}
