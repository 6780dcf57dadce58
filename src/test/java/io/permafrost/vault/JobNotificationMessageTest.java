package io.permafrost.vault;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The SNS Message is the job description as compact JSON, alphabetical, with explicit nulls (spec 12.4). */
class JobNotificationMessageTest {

    @Test
    void membersAreAlphabeticalCompactAndNullsKept() {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("Marker", null);
        parameters.put("Format", "CSV");
        parameters.put("StartDate", null);
        parameters.put("EndDate", null);
        parameters.put("Limit", null);
        Map<String, Object> job = new LinkedHashMap<>();
        job.put("VaultARN", "arn:aws:glacier:ap-southeast-2:111122223333:vaults/vault03");
        job.put("StatusCode", "Succeeded");
        job.put("Completed", true);
        job.put("InventorySizeInBytes", 2006L);
        job.put("ArchiveId", null);
        job.put("Action", "InventoryRetrieval");
        job.put("InventoryRetrievalParameters", parameters);
        assertThat(JobNotifier.messageBody(job)).isEqualTo("{\"Action\":\"InventoryRetrieval\",\"ArchiveId\":null,"
                + "\"Completed\":true,\"InventoryRetrievalParameters\":{\"EndDate\":null,\"Format\":\"CSV\","
                + "\"Limit\":null,\"Marker\":null,\"StartDate\":null},\"InventorySizeInBytes\":2006,"
                + "\"StatusCode\":\"Succeeded\",\"VaultARN\":\"arn:aws:glacier:ap-southeast-2:111122223333:vaults/vault03\"}");
    }

    @Test
    void snsTopicArnShape() {
        assertThat(SnsTopicArn.isValid("arn:aws:sns:us-west-2:012345678901:mytopic")).isTrue();
        assertThat(SnsTopicArn.isValid("arn:aws-cn:sns:cn-north-1:012345678901:my_topic-1")).isTrue();
        assertThat(SnsTopicArn.isValid("arn:aws:sns:us-east-1:012345678901:orders.fifo")).isTrue();
        assertThat(SnsTopicArn.isValid("arn:aws:sqs:us-west-2:012345678901:mytopic")).isFalse();
        assertThat(SnsTopicArn.isValid("arn:aws:sns:us-west-2:12345:mytopic")).isFalse();
        assertThat(SnsTopicArn.isValid("arn:aws:sns:us-west-2:012345678901:")).isFalse();
        assertThat(SnsTopicArn.isValid("arn:aws:sns:us-west-2:012345678901:my topic")).isFalse();
        assertThat(SnsTopicArn.isValid("mytopic")).isFalse();
    }
}
