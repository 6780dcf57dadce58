package io.permafrost.http;

import io.permafrost.glacier.Operation;
import io.permafrost.vault.ArchiveService;
import io.permafrost.vault.ArchiveService.StoredArchive;

import java.util.Map;

/** UploadArchive and DeleteArchive on the wire (spec 8). */
public final class ArchiveRoutes {
    private final ArchiveService archives;

    public ArchiveRoutes(ArchiveService archives) {
        this.archives = archives;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.UploadArchive, ex -> {
            StoredArchive stored = archives.upload(ex.context(), ex.account(), ex.vault(),
                    ex.header("x-amz-archive-description"), ex.header("x-amz-sha256-tree-hash"), ex.uploadBody());
            ex.respond(201, archiveCreated(stored));
        });
        registry.register(Operation.DeleteArchive, ex -> {
            archives.delete(ex.context(), ex.account(), ex.vault(), ex.pathParam("archiveId"));
            ex.respond(204, Map.of());
        });
    }

    static Map<String, String> archiveCreated(StoredArchive stored) {
        return Map.of("Location", stored.location(), "x-amz-archive-id", stored.archiveId(),
                "x-amz-sha256-tree-hash", stored.treeHash());
    }
}
