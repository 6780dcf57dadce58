package io.permafrost.http;

import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.Operation;
import io.permafrost.glacier.VaultArn;
import io.permafrost.vault.Listing;
import io.permafrost.vault.MultipartService;
import io.permafrost.vault.MultipartService.PartDescription;
import io.permafrost.vault.MultipartService.PartsView;
import io.permafrost.vault.MultipartService.StartedUpload;
import io.permafrost.vault.MultipartService.UploadDescription;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The multipart upload operations on the wire (spec 9). */
public final class MultipartRoutes {
    private final MultipartService uploads;
    private final String region;

    public MultipartRoutes(MultipartService uploads, String region) {
        this.uploads = uploads;
        this.region = region;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.InitiateMultipartUpload, ex -> {
            StartedUpload started = uploads.initiate(ex.context(), ex.account(), ex.vault(),
                    ex.header("x-amz-part-size"), ex.header("x-amz-archive-description"));
            ex.respond(201, Map.of("Location", started.location(), "x-amz-multipart-upload-id", started.uploadId()));
        });
        registry.register(Operation.UploadMultipartPart, ex -> {
            String treeHash = uploads.uploadPart(ex.context(), ex.account(), ex.vault(), ex.pathParam("uploadId"),
                    ex.header("Content-Range"), ex.header("x-amz-sha256-tree-hash"), ex.uploadBody());
            ex.respond(204, Map.of("x-amz-sha256-tree-hash", treeHash));
        });
        registry.register(Operation.CompleteMultipartUpload, ex -> ex.respond(201, ArchiveRoutes.archiveCreated(
                uploads.complete(ex.context(), ex.account(), ex.vault(), ex.pathParam("uploadId"),
                        ex.header("x-amz-archive-size"), ex.header("x-amz-sha256-tree-hash")))));
        registry.register(Operation.AbortMultipartUpload, ex -> {
            uploads.abort(ex.context(), ex.account(), ex.vault(), ex.pathParam("uploadId"));
            ex.respond(204, Map.of());
        });
        registry.register(Operation.ListParts, ex -> {
            PartsView view = uploads.listParts(ex.context(), ex.account(), ex.vault(), ex.pathParam("uploadId"),
                    ex.query("marker"), ex.limit(MultipartService.LIST_MAX));
            Map<String, Object> body = uploadFields(view.upload());
            body.put("Parts", view.parts().items().stream().map(MultipartRoutes::part).toList());
            body.put("Marker", view.parts().marker());
            ex.respondJson(200, body);
        });
        registry.register(Operation.ListMultipartUploads, ex -> {
            Listing<UploadDescription> page = uploads.listUploads(ex.context(), ex.account(), ex.vault(),
                    ex.query("marker"), ex.limit(MultipartService.LIST_MAX));
            List<Map<String, Object>> list = page.items().stream().map(this::uploadFields).toList();
            Map<String, Object> body = new HashMap<>();
            body.put("UploadsList", list);
            body.put("Marker", page.marker());
            ex.respondJson(200, body);
        });
    }

    private Map<String, Object> uploadFields(UploadDescription upload) {
        Map<String, Object> body = new HashMap<>();
        body.put("ArchiveDescription", upload.archiveDescription());
        body.put("CreationDate", GlacierDates.millis(upload.creationDate()));
        body.put("MultipartUploadId", upload.uploadId());
        body.put("PartSizeInBytes", upload.partSize());
        body.put("VaultARN", new VaultArn(region, upload.accountId(), upload.vaultName()).arn());
        return body;
    }

    private static Map<String, Object> part(PartDescription part) {
        return Map.of("RangeInBytes", part.rangeStart() + "-" + part.rangeEnd(), "SHA256TreeHash", part.treeHash());
    }
}
