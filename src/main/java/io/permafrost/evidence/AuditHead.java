package io.permafrost.evidence;

import java.util.Optional;

/** Where an evidence bundle learns the audit chain's head, so the bundle names the point of the audit trail it was cut at. */
public interface AuditHead {

    /** The latest entry of the audit chain; empty when there is no audit chain. */
    Optional<ChainHead> head();

    /** An audit chain entry: its sequence number and its hash (lowercase hex). */
    record ChainHead(long seq, String hashHex) {
    }

    /** Until this server keeps an audit chain: a bundle then says {@code "auditChainHead": null}. */
    AuditHead NONE = Optional::empty;
}
