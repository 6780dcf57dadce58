package io.permafrost.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.permafrost.glacier.GlacierException;
import io.permafrost.glacier.Operation;
import io.permafrost.vault.JobOutput;
import io.permafrost.vault.JobOutputSink;
import io.permafrost.vault.JobService;
import io.permafrost.vault.JobService.InventoryParameters;
import io.permafrost.vault.JobService.JobList;
import io.permafrost.vault.JobService.JobParameters;
import io.permafrost.vault.JobService.StartedJob;

import java.util.HashMap;
import java.util.Map;

/** InitiateJob, DescribeJob, ListJobs and GetJobOutput on the wire (spec 10). */
public final class JobRoutes {
    private final JobService jobs;

    public JobRoutes(JobService jobs) {
        this.jobs = jobs;
    }

    public void register(HandlerRegistry registry) {
        registry.register(Operation.InitiateJob, ex -> {
            StartedJob started = jobs.initiate(ex.context(), ex.account(), ex.vault(), parameters(ex.jsonBody()));
            ex.respond(202, Map.of("Location", started.location(), "x-amz-job-id", started.jobId()));
        });
        registry.register(Operation.DescribeJob, ex ->
                ex.respondJson(200, jobs.describe(ex.context(), ex.account(), ex.vault(), ex.pathParam("jobId"))));
        registry.register(Operation.ListJobs, ex -> {
            JobList list = jobs.list(ex.context(), ex.account(), ex.vault(), ex.query("marker"),
                    ex.limit(JobService.LIST_MAX), ex.query("statuscode"), ex.query("completed"));
            Map<String, Object> body = new HashMap<>();
            body.put("JobList", list.jobs());
            body.put("Marker", list.marker());
            ex.respondJson(200, body);
        });
        registry.register(Operation.GetJobOutput, ex -> {
            JobOutput output = jobs.output(ex.context(), ex.account(), ex.vault(), ex.pathParam("jobId"),
                    ex.header("Range"));
            JobOutputSink out = ex.startBody(output.status(), output.headers(), output.contentType(),
                    output.contentLength());
            try {
                output.writeTo(out);
                ex.finishBody();
            } catch (Exception e) {
                // Headers are gone already: break the transfer rather than end it looking complete.
                ex.abortStream(e);
            }
        });
    }

    /** The body is the JobParameters structure itself, not wrapped (spec 3.5, 20 #1). */
    private static JobParameters parameters(JsonNode body) {
        JsonNode inventory = body.get("InventoryRetrievalParameters");
        InventoryParameters inventoryParameters = null;
        if (inventory != null && !inventory.isNull()) {
            if (!inventory.isObject()) {
                throw GlacierException.serialization("Member InventoryRetrievalParameters must be an object, got "
                        + inventory.getNodeType());
            }
            inventoryParameters = new InventoryParameters(JsonCodec.string(inventory, "StartDate"),
                    JsonCodec.string(inventory, "EndDate"), JsonCodec.string(inventory, "Limit"),
                    JsonCodec.string(inventory, "Marker"));
        }
        return new JobParameters(JsonCodec.string(body, "Type"), JsonCodec.string(body, "ArchiveId"),
                JsonCodec.string(body, "Description"), JsonCodec.string(body, "SNSTopic"),
                JsonCodec.string(body, "Tier"), JsonCodec.string(body, "RetrievalByteRange"),
                JsonCodec.string(body, "Format"), inventoryParameters);
    }
}
