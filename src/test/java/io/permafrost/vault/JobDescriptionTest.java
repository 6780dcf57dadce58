package io.permafrost.vault;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.permafrost.store.JobRecord;
import io.permafrost.store.JobRecord.Action;
import io.permafrost.store.JobRecord.InventoryOutput;
import io.permafrost.store.JobRecord.InventoryRetrieval;
import io.permafrost.store.JobRecord.Status;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class JobDescriptionTest {
    private static final String ARN = "arn:aws:glacier:ap-southeast-2:111122223333:vaults/vault03";
    private static final Instant CREATED = Instant.parse("2020-11-05T11:33:15.113Z");
    private static final Instant DONE = Instant.parse("2020-11-05T15:20:50.362Z");

    @Test
    void succeededInventoryHasTheShapeOfTheCapturedNotification() throws Exception {
        JobRecord job = new JobRecord("zbxcm3Z_", 7, "111122223333", "vault03", Action.INVENTORY_RETRIEVAL,
                "vault03_request_inventory_job_1604575994426", "arn:aws:sns:ap-southeast-2:111122223333:topic", null,
                CREATED, CREATED, Status.SUCCEEDED, "Succeeded", DONE, null,
                new InventoryRetrieval("CSV", null, null, null, "input-marker", null),
                new InventoryOutput("blob", 2006, "hash"));
        String json = new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true)
                .writeValueAsString(JobDescription.of(job, ARN));
        assertThat(json).isEqualTo("{\"Action\":\"InventoryRetrieval\",\"ArchiveId\":null,\"ArchiveSHA256TreeHash\":null,"
                + "\"ArchiveSizeInBytes\":null,\"Completed\":true,\"CompletionDate\":\"2020-11-05T15:20:50.362Z\","
                + "\"CreationDate\":\"2020-11-05T11:33:15.113Z\",\"InventoryRetrievalParameters\":{\"EndDate\":null,"
                + "\"Format\":\"CSV\",\"Limit\":null,\"Marker\":null,\"StartDate\":null},\"InventorySizeInBytes\":2006,"
                + "\"JobDescription\":\"vault03_request_inventory_job_1604575994426\",\"JobId\":\"zbxcm3Z_\","
                + "\"JobOutputPath\":null,\"OutputLocation\":null,\"RetrievalByteRange\":null,\"SHA256TreeHash\":null,"
                + "\"SNSTopic\":\"arn:aws:sns:ap-southeast-2:111122223333:topic\",\"SelectParameters\":null,"
                + "\"StatusCode\":\"Succeeded\",\"StatusMessage\":\"Succeeded\",\"Tier\":null,"
                + "\"VaultARN\":\"" + ARN + "\"}");
    }

    @Test
    void inProgressArchiveRetrievalEchoesItsRangeAndHasNoCompletion() {
        JobRecord job = new JobRecord("id", 7, "111122223333", "v", Action.ARCHIVE_RETRIEVAL, null, null, "Bulk",
                CREATED, CREATED, Status.IN_PROGRESS, "Operation in progress.", null,
                new JobRecord.ArchiveRetrieval("arch", 16777216, "beb0", "desc", 0, 16777215, "beb0"), null, null);
        Map<String, Object> d = JobDescription.of(job, ARN);
        assertThat(d).hasSize(21);
        assertThat(d.get("RetrievalByteRange")).isEqualTo("0-16777215");
        assertThat(d.get("Completed")).isEqualTo(false);
        assertThat(d.get("CompletionDate")).isNull();
        assertThat(d.get("StatusCode")).isEqualTo("InProgress");
        assertThat(d.get("InventoryRetrievalParameters")).isNull();
        assertThat(d.get("ArchiveSizeInBytes")).isEqualTo(16777216L);
        assertThat(d.get("SHA256TreeHash")).isEqualTo("beb0");
        assertThat(JobDescription.completionEvent(job)).isEqualTo("ArchiveRetrievalCompleted");
    }
}
