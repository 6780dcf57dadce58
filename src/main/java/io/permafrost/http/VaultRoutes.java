package io.permafrost.http;

import io.permafrost.glacier.GlacierDates;
import io.permafrost.glacier.Operation;
import io.permafrost.glacier.VaultArn;
import io.permafrost.vault.Listing;
import io.permafrost.vault.VaultDescription;
import io.permafrost.vault.VaultService;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** CreateVault, DescribeVault, ListVaults, DeleteVault on the wire (spec 7). */
public final class VaultRoutes {
    private final VaultService vaults;
    private final String region;

    public VaultRoutes(VaultService vaults, String region) {
        this.vaults = vaults;
        this.region = region;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.CreateVault, ex -> {
            VaultDescription vault = vaults.create(ex.context(), ex.account(), ex.vault());
            ex.respond(201, Map.of("Location", arn(vault).location()));
        });
        registry.register(Operation.DescribeVault, ex ->
                ex.respondJson(200, describe(vaults.describe(ex.context(), ex.account(), ex.vault()))));
        registry.register(Operation.ListVaults, ex -> {
            Listing<VaultDescription> page = vaults.list(ex.context(), ex.account(), ex.query("marker"),
                    ex.limit(VaultService.LIST_VAULTS_MAX));
            List<Map<String, Object>> list = page.items().stream().map(this::describe).toList();
            Map<String, Object> body = new HashMap<>();
            body.put("VaultList", list);
            body.put("Marker", page.marker());
            ex.respondJson(200, body);
        });
        registry.register(Operation.DeleteVault, ex -> {
            vaults.delete(ex.context(), ex.account(), ex.vault());
            ex.respond(204, Map.of());
        });
    }

    private VaultArn arn(VaultDescription vault) {
        return new VaultArn(region, vault.accountId(), vault.name());
    }

    private Map<String, Object> describe(VaultDescription vault) {
        Map<String, Object> body = new HashMap<>();
        body.put("CreationDate", GlacierDates.millis(vault.creationDate()));
        if (vault.lastInventoryDate() != null) {
            body.put("LastInventoryDate", GlacierDates.millis(vault.lastInventoryDate()));
        }
        body.put("NumberOfArchives", vault.numberOfArchives());
        body.put("SizeInBytes", vault.sizeInBytes());
        body.put("VaultARN", arn(vault).arn());
        body.put("VaultName", vault.name());
        return body;
    }
}
