package io.permafrost.migrate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.glacier.model.StatusCode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The client code a user restores with, identical for the source and the destination: an archive by its id, and a
 * vault's inventory, each through a job awaited by polling.
 */
final class Restores {
    private Restores() {
    }

    static byte[] archive(GlacierClient glacier, String vault, String archiveId) {
        return output(glacier, vault, p -> p.type("archive-retrieval").archiveId(archiveId));
    }

    /** The inventory's archives by id: each one's ArchiveDescription, CreationDate, Size and SHA256TreeHash. */
    static Map<String, String> inventory(GlacierClient glacier, String vault) {
        JsonNode list;
        try {
            list = new ObjectMapper().readTree(output(glacier, vault, p -> p.type("inventory-retrieval")))
                    .get("ArchiveList");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> byId = new TreeMap<>();
        list.forEach(a -> byId.put(a.get("ArchiveId").asText(), a.get("ArchiveDescription") + " | "
                + a.get("CreationDate").asText() + " | " + a.get("Size").asLong() + " | " + a.get("SHA256TreeHash").asText()));
        return byId;
    }

    private static byte[] output(GlacierClient glacier, String vault,
                                 Consumer<software.amazon.awssdk.services.glacier.model.JobParameters.Builder> job) {
        String jobId = glacier.initiateJob(b -> b.accountId("-").vaultName(vault).jobParameters(job)).jobId();
        while (glacier.describeJob(b -> b.accountId("-").vaultName(vault).jobId(jobId)).statusCode()
                != StatusCode.SUCCEEDED) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return glacier.getJobOutputAsBytes(b -> b.accountId("-").vaultName(vault).jobId(jobId)).asByteArray();
    }
}
