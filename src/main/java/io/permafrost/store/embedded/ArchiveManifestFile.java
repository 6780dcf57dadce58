package io.permafrost.store.embedded;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.permafrost.glacier.TreeHash;
import io.permafrost.store.ArchiveManifest;
import io.permafrost.store.BlobSegment;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An archive's manifest as JSON, plus the bytes of any segment kept inline in the database (only a
 * multipart archive's short last part can be), because those would be lost with the database. A
 * single upload's is the sidecar {@code <blobId>.archive} beside its blob (the blob is its own); a
 * multipart archive's is {@code <firstBlobId>.archives/<sha256 of the archive id>.archive}, one file
 * per archive id, because racing Completes of one upload share the first blob.
 */
final class ArchiveManifestFile {
    static final String SUFFIX = ".archive";
    /** Beside a blob: the directory of the manifests of multipart archives that start with it. */
    static final String DIRECTORY_SUFFIX = ".archives";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A manifest read back, with the bytes of its inline segments by blob id. */
    record Read(ArchiveManifest manifest, Map<String, byte[]> inlineSegments) {
    }

    private ArchiveManifestFile() {
    }

    /** The file name of an archive's manifest in a manifest directory: fixed length, safe whatever the id holds. */
    static String nameFor(String archiveId) {
        return HexFormat.of().formatHex(TreeHash.sha256().digest(archiveId.getBytes(StandardCharsets.UTF_8))) + SUFFIX;
    }

    static byte[] encode(ArchiveManifest archive, Map<String, byte[]> inlineSegments) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.put("accountId", archive.accountId());
        root.put("vaultName", archive.vaultName());
        root.put("archiveId", archive.archiveId());
        root.put("description", archive.description());
        root.put("creationDate", archive.creationDate().toString());
        root.put("size", archive.size());
        root.put("treeHash", archive.treeHash());
        ArrayNode segments = root.putArray("segments");
        for (BlobSegment segment : archive.segments()) {
            ObjectNode node = segments.addObject();
            node.put("blobId", segment.blobId());
            node.put("length", segment.length());
            node.put("treeHash", segment.treeHash());
            byte[] inline = inlineSegments.get(segment.blobId());
            if (inline != null) {
                node.put("inlineData", Base64.getEncoder().encodeToString(inline));
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode an archive manifest", e);
        }
    }

    static Read read(Path file) throws IOException {
        JsonNode root = JSON.readTree(Files.readAllBytes(file));
        if (root == null || root.path("format").asInt() != 1) {
            throw new IOException("not an archive manifest: " + file);
        }
        List<BlobSegment> segments = new ArrayList<>();
        Map<String, byte[]> inline = new LinkedHashMap<>();
        for (JsonNode node : root.path("segments")) {
            String blobId = node.path("blobId").asText();
            // Manifests carry no MiB leaf hashes: a recovered archive is verified whole against its tree hash.
            segments.add(new BlobSegment(blobId, node.path("length").asLong(), node.path("treeHash").asText(), null));
            if (node.hasNonNull("inlineData")) {
                inline.put(blobId, Base64.getDecoder().decode(node.get("inlineData").asText()));
            }
        }
        ArchiveManifest manifest = new ArchiveManifest(root.path("accountId").asText(), root.path("vaultName").asText(),
                root.path("archiveId").asText(), root.hasNonNull("description") ? root.get("description").asText() : null,
                Instant.parse(root.path("creationDate").asText()), root.path("size").asLong(),
                root.path("treeHash").asText(), segments);
        return new Read(manifest, inline);
    }
}
