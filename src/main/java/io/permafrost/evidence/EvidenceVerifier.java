package io.permafrost.evidence;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.permafrost.audit.SigningKey;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an evidence bundle without the server (docs/evidence.md): that it is well-formed, that line 1 is
 * exactly the signed fields and line 2 the signature, and that the Ed25519 signature over line 1's SHA-256
 * verifies with the bundle's key, or with the key the auditor trusts. Reads the file as a stream (twice when
 * the signature fails: the second pass names the sections that differ from the ones signed), so memory does
 * not grow with the number of archives.
 */
public final class EvidenceVerifier {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    /** The outcome: valid only when {@code problems} is empty. */
    public record Verdict(List<String> problems, long archives, String sha256, String publicKeyPem) {
        public boolean valid() {
            return problems.isEmpty();
        }
    }

    /** Where one top-level member sits in the file: from its name to the end of its value, and its value alone. */
    private record Placement(long nameAt, long valueFrom, long valueTo) {
    }

    /** What pass 1 collects: only small values, whatever the number of archives. */
    private static final class Seen {
        final Map<String, Placement> placements = new LinkedHashMap<>();
        final Map<String, String> sectionDigests = new HashMap<>();
        long archivesListed;
        long bytesListed;
        long archiveCount = -1;
        long archiveBytes = -1;
        String format;
        String algorithm;
        String sha256;
        String publicKey;
        String signatureValue;
    }

    /** {@code trustedPublicKeyPem}: the key the bundle must be signed with; null to take the key the bundle names. */
    public Verdict verify(Path file, String trustedPublicKeyPem) throws IOException {
        Problems problems = new Problems();
        Seen seen = new Seen();
        LineOneDigest in;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in = new LineOneDigest(raw);
            try (JsonParser parser = JSON.createParser(in)) {
                readDocument(parser, new BundleReader(parser, problems), seen);
            } catch (JsonParseException e) {
                problems.add("not well-formed JSON: " + e.getOriginalMessage() + " at byte "
                        + e.getLocation().getByteOffset());
                return new Verdict(problems.list(), seen.archivesListed, null, seen.publicKey);
            }
        }
        checkLayout(seen, in.lineEnd(), problems);
        checkCounts(seen, problems);
        byte[] digest = in.digest();
        String digestHex = HexFormat.of().formatHex(digest);
        boolean intact = checkSignature(seen, digest, digestHex, trustedPublicKeyPem, problems);
        if (!intact) {
            nameChangedSections(file, seen, problems);
        }
        return new Verdict(problems.list(), seen.archivesListed, digestHex, seen.publicKey);
    }

    private static void readDocument(JsonParser parser, BundleReader reader, Seen seen) throws IOException {
        Problems problems = reader.problems();
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            problems.add("the document is not a JSON object");
            return;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            long nameAt = parser.currentTokenLocation().getByteOffset();
            parser.nextToken();
            long valueFrom = parser.currentTokenLocation().getByteOffset();
            if (seen.placements.containsKey(name)) {
                problems.add("\"" + name + "\" appears twice");
                parser.skipChildren();
                continue;
            }
            readMember(name, reader, seen);
            seen.placements.put(name, new Placement(nameAt, valueFrom, parser.currentLocation().getByteOffset()));
        }
        if (parser.nextToken() != null) {
            problems.add("there is more after the document's closing brace");
        }
        for (String name : EvidenceFormat.SIGNED_FIELDS) {
            if (!seen.placements.containsKey(name)) {
                problems.add("\"" + name + "\" is missing");
            }
        }
        if (!seen.placements.containsKey(EvidenceFormat.SIGNATURE)) {
            problems.add("the signature is missing");
        }
        if (seen.format != null && !EvidenceFormat.FORMAT.equals(seen.format)) {
            problems.add("format is \"" + seen.format + "\", this verifier reads " + EvidenceFormat.FORMAT);
        }
    }

    private static void readMember(String name, BundleReader r, Seen seen) throws IOException {
        switch (name) {
            case "format" -> seen.format = r.text(name, false);
            case "generatedAt" -> r.instant(name, false);
            case "account" -> r.text(name, false);
            case "vault" -> r.object(name, Map.of(
                    "arn", w -> r.text(w, false),
                    "name", w -> r.text(w, false),
                    "creationDate", w -> r.instant(w, false),
                    "lastInventoryDate", w -> r.instant(w, true),
                    "numberOfArchives", r::count,
                    "sizeInBytes", r::count));
            case "lock" -> readLock(r);
            case "accessPolicy" -> r.object(name, Map.of(
                    "current", w -> r.text(w, true),
                    "history", w -> r.array(w, change -> r.object(change, Map.of(
                            "at", a -> r.instant(a, false),
                            "principal", p -> r.text(p, false),
                            "policy", p -> r.text(p, true))))));
            case "archives" -> seen.archivesListed = r.array(name, w -> readArchive(r, w, seen));
            case "archiveCount" -> seen.archiveCount = r.count(name);
            case "archiveBytes" -> seen.archiveBytes = r.count(name);
            case "auditChainHead" -> {
                if (!r.isNull()) {
                    r.object(name, Map.of("seq", r::count, "hash", w -> r.sha256Hex(w, false)));
                }
            }
            case "sections" -> {
                Map<String, BundleReader.Member> members = new LinkedHashMap<>();
                for (String section : EvidenceFormat.SECTIONS) {
                    members.put(section, w -> seen.sectionDigests.put(section, r.sha256Hex(w, false)));
                }
                r.object(name, members);
            }
            case EvidenceFormat.SIGNATURE -> r.object(name, Map.of(
                    "algorithm", w -> seen.algorithm = r.text(w, false),
                    "signedBytes", w -> r.text(w, false),
                    "sha256", w -> seen.sha256 = r.sha256Hex(w, false),
                    "publicKey", w -> seen.publicKey = r.text(w, false),
                    "value", w -> seen.signatureValue = r.text(w, false)));
            default -> {
                r.problems().add("unexpected member \"" + name + "\"");
                r.skipValue();
            }
        }
    }

    private static void readLock(BundleReader r) throws IOException {
        if (r.isNull()) {
            return;
        }
        String[] state = new String[1];
        boolean[] completed = new boolean[1];
        boolean[] expires = new boolean[1];
        r.object("lock", Map.of(
                "policy", w -> r.text(w, false),
                "state", w -> state[0] = r.oneOf(w, Set.of("Locked", "InProgress")),
                "lockId", w -> r.text(w, false),
                "initiatedAt", w -> r.instant(w, false),
                "completedAt", w -> completed[0] = r.instant(w, true) != null,
                "expiresAt", w -> expires[0] = r.instant(w, true) != null));
        if ("Locked".equals(state[0]) && expires[0]) {
            r.problems().add("lock: a Locked lock has no expiresAt");
        }
        if ("InProgress".equals(state[0]) && (completed[0] || !expires[0])) {
            r.problems().add("lock: an InProgress lock has an expiresAt and no completedAt");
        }
    }

    private static void readArchive(BundleReader r, String where, Seen seen) throws IOException {
        String[] id = new String[1];
        r.object(where, Map.of(
                "archiveId", w -> id[0] = r.text(w, false),
                "description", w -> r.text(w, true),
                "size", w -> {
                    long size = r.count(w);
                    seen.bytesListed += Math.max(0, size);
                },
                "creationDate", w -> r.instant(w, false),
                "treeHash", w -> r.sha256Hex(w, false),
                "lastScrub", w -> {
                    if (!r.isNull()) {
                        r.object(w, Map.of(
                                "at", a -> r.instant(a, false),
                                "result", a -> r.oneOf(a, Set.copyOf(EvidenceFormat.SCRUB_RESULTS)),
                                "hash", a -> r.sha256Hex(a, true)));
                    }
                }));
        if (id[0] != null && id[0].isEmpty()) {
            r.problems().add(where + ".archiveId is empty");
        }
    }

    /** Line 1 must hold exactly the signed members and line 2 exactly the signature: nothing unsigned hides in line 1. */
    private static void checkLayout(Seen seen, long lineEnd, Problems problems) {
        if (lineEnd < 0) {
            problems.add("the file has no line break: line 1 (the signed part) must end with LF");
            return;
        }
        for (Map.Entry<String, Placement> member : seen.placements.entrySet()) {
            boolean signature = member.getKey().equals(EvidenceFormat.SIGNATURE);
            Placement at = member.getValue();
            if (signature && at.nameAt() < lineEnd) {
                problems.add("the signature is in line 1: it must begin line 2");
            } else if (!signature && at.valueTo() > lineEnd) {
                problems.add("\"" + member.getKey() + "\" is after line 1, outside the signed bytes");
            }
        }
    }

    private static void checkCounts(Seen seen, Problems problems) {
        if (seen.archiveCount >= 0 && seen.archiveCount != seen.archivesListed) {
            problems.add("archives lists " + seen.archivesListed + " archives but archiveCount says "
                    + seen.archiveCount + " (an archive was removed or added)");
        }
        if (seen.archiveBytes >= 0 && seen.archiveBytes != seen.bytesListed) {
            problems.add("the archives listed hold " + seen.bytesListed + " bytes but archiveBytes says "
                    + seen.archiveBytes);
        }
    }

    /** Whether line 1 is what was signed, by the expected key. */
    private static boolean checkSignature(Seen seen, byte[] digest, String digestHex, String trustedKey,
                                          Problems problems) {
        if (seen.algorithm != null && !EvidenceFormat.ALGORITHM.equals(seen.algorithm)) {
            problems.add("signature.algorithm is \"" + seen.algorithm + "\", expected " + EvidenceFormat.ALGORITHM);
        }
        if (seen.sha256 != null && !seen.sha256.equals(digestHex)) {
            problems.add("line 1's SHA-256 is " + digestHex + " but signature.sha256 says " + seen.sha256
                    + " (line 1 or the signature block was changed after signing)");
        }
        if (trustedKey != null && seen.publicKey != null && !sameKey(trustedKey, seen.publicKey)) {
            problems.add("the bundle names another public key than the one it must be signed with");
        }
        String key = trustedKey != null ? trustedKey : seen.publicKey;
        byte[] signature = decode(seen.signatureValue);
        if (key == null || signature == null) {
            problems.add("signature.value is not base64");
            return false;
        }
        if (!SigningKey.verify(key, digest, signature)) {
            problems.add("the Ed25519 signature does not verify over the SHA-256 of line 1 "
                    + (trustedKey != null ? "with the given public key" : "with the public key the bundle names"));
            return false;
        }
        return seen.sha256 == null || seen.sha256.equals(digestHex);
    }

    /** Pass 2 when the signature fails: which sections' bytes no longer have the digest line 1 recorded for them. */
    private static void nameChangedSections(Path file, Seen seen, Problems problems) throws IOException {
        for (String section : EvidenceFormat.SECTIONS) {
            Placement at = seen.placements.get(section);
            String recorded = seen.sectionDigests.get(section);
            if (at == null || recorded == null) {
                continue;
            }
            if (!recorded.equals(digestOfRange(file, at.valueFrom(), at.valueTo()))) {
                problems.add("changed after signing: " + section + " (its bytes no longer have the SHA-256 "
                        + "that sections." + section + " records)");
            }
        }
    }

    private static String digestOfRange(Path file, long from, long to) throws IOException {
        var digest = SignedBytes.sha256();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            in.skipNBytes(from);
            byte[] buffer = new byte[1 << 16];
            long left = to - from;
            while (left > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
                if (n < 0) {
                    break;
                }
                digest.update(buffer, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static boolean sameKey(String a, String b) {
        return a.replaceAll("\\s", "").equals(b.replaceAll("\\s", ""));
    }

    private static byte[] decode(String base64) {
        if (base64 == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
