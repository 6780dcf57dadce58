package io.permafrost.vault;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.NameFolding;
import io.permafrost.glacier.Operation;
import io.permafrost.store.MetadataStore;
import io.permafrost.store.VaultRecord;
import io.permafrost.store.VaultStore.TagPut;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** AddTagsToVault, RemoveTagsFromVault, ListTagsForVault (spec 16). */
public final class TagService {
    private static final int MAX_PER_REQUEST = 10;

    private final MetadataStore store;
    private final AccessGate gate;
    private final ServiceSettings settings;

    public TagService(MetadataStore store, AccessGate gate, ServiceSettings settings) {
        this.store = store;
        this.gate = gate;
        this.settings = settings;
    }

    public void add(CallContext ctx, String accountInUrl, String vaultName, Map<String, String> tags) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.AddTagsToVault, accountInUrl, vaultName,
                v -> requestTagKeys(tags.keySet(), tags));
        if (tags.isEmpty() || tags.size() > MAX_PER_REQUEST) {
            throw GlacierException.invalidParameter("Tags must hold between 1 and " + MAX_PER_REQUEST
                    + " entries, got " + tags.size());
        }
        tags.forEach(TagRules::requireValid);
        TagRules.requireDistinctIgnoringCase(tags.keySet());
        TagPut put = ctx.audit().write(() -> store.vaults().putTags(vault.id(), tags, settings.maxTagsPerVault()),
                stored -> stored.outcome() == TagPut.Outcome.STORED);
        switch (put.outcome()) {
            case STORED -> {
            }
            case LIMIT_EXCEEDED -> throw new GlacierException(ErrorCode.LIMIT_EXCEEDED, "The vault would have more than "
                    + settings.maxTagsPerVault() + " tags");
            case CASE_CONFLICT -> throw TagRules.caseConflict(put.requestedKey(), "the vault's tag key " + put.existingKey());
            case NO_VAULT -> throw gate.vaultGone(vault);
        }
    }

    public void remove(CallContext ctx, String accountInUrl, String vaultName, List<String> keys) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.RemoveTagsFromVault, accountInUrl, vaultName,
                v -> requestTagKeys(keys, Map.of()));
        if (keys.isEmpty() || keys.size() > MAX_PER_REQUEST) {
            throw GlacierException.invalidParameter("TagKeys must hold between 1 and " + MAX_PER_REQUEST
                    + " entries, got " + keys.size());
        }
        ctx.audit().write(() -> store.vaults().removeTags(vault.id(), keys));
    }

    public Map<String, String> list(CallContext ctx, String accountInUrl, String vaultName) {
        VaultRecord vault = gate.authorizeVault(ctx, Operation.ListTagsForVault, accountInUrl, vaultName,
                v -> Map.of());
        return store.vaults().tags(vault.id());
    }

    /**
     * {@code aws:TagKeys} and {@code aws:RequestTag/KEY}, so policies can guard which tags change. Keys
     * that differ only in case are one condition key, so their values are gathered, not overwritten (the
     * request is refused later anyway, but a Deny must not be dodged on the way).
     */
    private static Map<String, List<String>> requestTagKeys(Iterable<String> keys, Map<String, String> values) {
        Map<String, List<String>> context = new HashMap<>();
        List<String> all = new ArrayList<>();
        keys.forEach(all::add);
        context.put("aws:TagKeys", all);
        values.forEach((k, v) -> context.computeIfAbsent("aws:RequestTag/" + NameFolding.fold(k), x -> new ArrayList<>())
                .add(v));
        return context;
    }
}
