package io.permafrost.evidence;

import io.permafrost.audit.AuditChain;
import io.permafrost.audit.Checkpoint;
import io.permafrost.store.MetadataStore;

import java.util.Optional;

/**
 * The audit chain's head as the store's head row holds it when the bundle is cut, so an auditor can find in
 * the trail ({@code permafrost audit export}) the point the bundle was taken at; none for a chain never written.
 */
public final class StoredAuditHead implements AuditHead {
    private final MetadataStore store;

    public StoredAuditHead(MetadataStore store) {
        this.store = store;
    }

    @Override
    public Optional<ChainHead> head() {
        Checkpoint.Head head = store.audit().read(AuditChain::head);
        return head.seq() == 0 ? Optional.empty() : Optional.of(new ChainHead(head.seq(), head.hash()));
    }
}
