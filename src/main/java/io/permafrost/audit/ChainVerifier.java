package io.permafrost.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Checks an audit chain offline: every record's hash against its content, every link to the record
 * before, seq without gaps from 1, every checkpoint's signature against the trusted keys and its hash
 * against the record it names, and that no signed record is missing at the end. Stops at the first
 * problem and names the record.
 */
public final class ChainVerifier {
    private final Map<String, String> trustedKeys;
    private final Optional<Checkpoint> headFile;

    /**
     * @param trustedKeys key id -> public key PEM of the keys whose signatures count
     * @param headFile    the newest checkpoint as kept outside the database (embedded), if any
     */
    public ChainVerifier(Map<String, String> trustedKeys, Optional<Checkpoint> headFile) {
        this.trustedKeys = Map.copyOf(trustedKeys);
        this.headFile = headFile;
    }

    /** What the verification found. {@code problem} is null when the chain is intact. */
    public record Report(long records, long checkpoints, long unsignedTail, String problem) {
        public boolean intact() {
            return problem == null;
        }
    }

    /** The public keys the database lists (id -> PEM): what a verifier trusts without {@code --public-key}. */
    public static Map<String, String> registeredKeys(Connection c) throws SQLException {
        Map<String, String> keys = new HashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT key_id, public_key FROM audit_key");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                keys.put(rs.getString(1), rs.getString(2));
            }
        }
        return keys;
    }

    public Report verify(Connection c) throws SQLException {
        TreeMap<Long, List<Checkpoint>> checkpoints = new TreeMap<>();
        List<Checkpoint> stored = readCheckpoints(c);
        List<Checkpoint> all = new ArrayList<>(stored);
        headFile.ifPresent(all::add);
        for (Checkpoint checkpoint : all) {
            String problem = signatureProblem(checkpoint);
            if (problem != null) {
                return new Report(0, stored.size(), 0, problem);
            }
            checkpoints.computeIfAbsent(checkpoint.seq(), s -> new ArrayList<>()).add(checkpoint);
        }
        Walk walk = new Walk(checkpoints);
        AuditChain.scan(c, 0, "", new Object[0], walk::step);
        if (walk.problem != null) {
            return new Report(walk.last, stored.size(), 0, walk.problem);
        }
        if (!checkpoints.isEmpty() && checkpoints.lastKey() > walk.last) {
            long signed = checkpoints.lastKey();
            return new Report(walk.last, stored.size(), 0, "record " + (walk.last + 1) + " is missing: the chain ends at "
                    + walk.last + " but a signed checkpoint covers records up to " + signed + " (cut short)");
        }
        if (headFile.isPresent() && checkpoints.get(headFile.get().seq()).size() == 1) {
            return new Report(walk.last, stored.size(), 0, "checkpoint at record " + headFile.get().seq()
                    + " named by the head file " + AuditHeadFile.NAME + " is missing from the database");
        }
        long signedUpTo = checkpoints.isEmpty() ? 0 : checkpoints.lastKey();
        return new Report(walk.last, stored.size(), walk.last - signedUpTo, null);
    }

    private String signatureProblem(Checkpoint checkpoint) {
        String pem = trustedKeys.get(checkpoint.keyId());
        if (pem == null) {
            return "checkpoint at record " + checkpoint.seq() + ": signed by key " + checkpoint.keyId()
                    + ", which is not a trusted key";
        }
        if (!checkpoint.signedBy(pem)) {
            return "checkpoint at record " + checkpoint.seq() + ": its signature does not verify with key "
                    + checkpoint.keyId() + " (forged or altered)";
        }
        return null;
    }

    private static List<Checkpoint> readCheckpoints(Connection c) throws SQLException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT seq, hash, time, key_id, signature FROM audit_checkpoint ORDER BY seq, id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                checkpoints.add(Checkpoint.read(rs));
            }
        }
        return checkpoints;
    }

    /** The walk along the chain, one record at a time. */
    private static final class Walk {
        private final TreeMap<Long, List<Checkpoint>> checkpoints;
        long last;
        String previousHash = AuditRecord.GENESIS;
        String problem;

        Walk(TreeMap<Long, List<Checkpoint>> checkpoints) {
            this.checkpoints = checkpoints;
        }

        void step(AuditRecord record) {
            if (problem != null) {
                return;
            }
            long expected = last + 1;
            if (record.seq() != expected) {
                problem = "record " + expected + " is missing: the chain goes from " + last + " to " + record.seq();
                return;
            }
            if (!record.prevHash().equals(previousHash)) {
                problem = "record " + record.seq() + ": prev_hash is not the hash of record " + last
                        + " (a record was removed, reordered or rewritten here)";
                return;
            }
            if (!record.hashMatchesContent()) {
                problem = "record " + record.seq() + ": its content does not match its hash (edited)";
                return;
            }
            for (Checkpoint checkpoint : checkpoints.getOrDefault(record.seq(), List.of())) {
                if (!checkpoint.hash().equals(record.hash())) {
                    problem = "record " + record.seq() + ": its hash is not the one the checkpoint signed (the chain "
                            + "was rewritten at or before this record)";
                    return;
                }
            }
            last = record.seq();
            previousHash = record.hash();
        }
    }
}
