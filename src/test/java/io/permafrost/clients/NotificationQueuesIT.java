package io.permafrost.clients;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.testing.ReferenceTreeHash;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.glacier.GlacierClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.AuthorizationErrorException;
import software.amazon.awssdk.services.sns.model.SnsException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;
import software.amazon.awssdk.services.sqs.model.SqsException;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SNS/SQS subset on the Glacier port, driven by the v2 SDK's own SNS (query protocol) and SQS (JSON
 * protocol) clients: a job's completion reaches a subscribed queue as SNS delivers it; another account,
 * unknown actions and bad input get the services' own errors.
 */
class NotificationQueuesIT extends MatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static SqsClient sqs;
    private static SnsClient sns;
    private static GlacierClient glacier;

    @BeforeAll
    static void start() throws Exception {
        sqs = sqs(MatrixServer.KEY, MatrixServer.SECRET);
        sns = sns(MatrixServer.KEY, MatrixServer.SECRET);
        glacier = GlacierClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keys(MatrixServer.KEY, MatrixServer.SECRET))
                .httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    @AfterAll
    static void stop() throws Exception {
        sqs.close();
        sns.close();
        glacier.close();
    }

    @Test
    void aJobCompletionReachesTheSubscribedQueueInTheSnsEnvelope() throws Exception {
        String queueUrl = sqs.createQueue(b -> b.queueName("restores")).queueUrl();
        assertThat(queueUrl).isEqualTo(server.endpoint() + "/" + MatrixServer.ACCOUNT + "/restores");
        String queueArn = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        assertThat(queueArn).isEqualTo("arn:aws:sqs:us-east-1:" + MatrixServer.ACCOUNT + ":restores");
        String policy = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":\"*\","
                + "\"Action\":\"sqs:SendMessage\",\"Resource\":\"" + queueArn + "\"}]}";
        sqs.setQueueAttributes(b -> b.queueUrl(queueUrl).attributes(Map.of(QueueAttributeName.POLICY, policy)));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.POLICY))
                .attributes()).containsEntry(QueueAttributeName.POLICY, policy);

        String topicArn = sns.createTopic(b -> b.name("restores")).topicArn();
        String subscription = sns.subscribe(b -> b.topicArn(topicArn).protocol("sqs").endpoint(queueArn))
                .subscriptionArn();
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions())
                .singleElement().satisfies(s -> {
                    assertThat(s.subscriptionArn()).isEqualTo(subscription);
                    assertThat(s.endpoint()).isEqualTo(queueArn);
                    assertThat(s.protocol()).isEqualTo("sqs");
                });
        assertThat(sns.getTopicAttributes(b -> b.topicArn(topicArn)).attributes())
                .containsEntry("Owner", MatrixServer.ACCOUNT).containsEntry("TopicArn", topicArn);

        glacier.createVault(b -> b.vaultName("notified"));
        byte[] archive = "notify me".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String archiveId = glacier.uploadArchive(b -> b.vaultName("notified").checksum(ReferenceTreeHash.of(archive)),
                RequestBody.fromBytes(archive)).archiveId();
        String jobId = glacier.initiateJob(b -> b.vaultName("notified").jobParameters(p -> p.type("archive-retrieval")
                .archiveId(archiveId).snsTopic(topicArn))).jobId();

        Message message = sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(20)).messages().get(0);
        JsonNode envelope = JSON.readTree(message.body());
        assertThat(envelope.get("Type").asText()).isEqualTo("Notification");
        assertThat(envelope.get("TopicArn").asText()).isEqualTo(topicArn);
        JsonNode job = JSON.readTree(envelope.get("Message").asText());
        assertThat(job.get("JobId").asText()).isEqualTo(jobId);
        assertThat(job.get("StatusCode").asText()).isEqualTo("Succeeded");
        assertThat(job.get("Action").asText()).isEqualTo("ArchiveRetrieval");

        sqs.deleteMessage(b -> b.queueUrl(queueUrl).receiptHandle(message.receiptHandle()));
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
        sns.unsubscribe(b -> b.subscriptionArn(subscription));
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions()).isEmpty();
        sns.deleteTopic(b -> b.topicArn(topicArn));
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("restores")))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    @Test
    void aReceivedMessageStaysHiddenForItsVisibilityTimeout() {
        String queueUrl = sqs.createQueue(b -> b.queueName("hidden")).queueUrl();
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("once"));
        List<Message> first = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(600)).messages();
        assertThat(first).extracting(Message::body).containsExactly("once");
        assertThat(sqs.receiveMessage(b -> b.queueUrl(queueUrl)).messages()).isEmpty();
        List<Message> again = sqs.receiveMessage(b -> b.queueUrl(queueUrl).visibilityTimeout(0)).messages();
        assertThat(again).isEmpty();
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    }

    @Test
    void aLongPollIsAnsweredByTheMessageSentWhileItWaits() throws Exception {
        String queueUrl = sqs.createQueue(b -> b.queueName("waiting")).queueUrl();
        CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() ->
                sqs.receiveMessage(b -> b.queueUrl(queueUrl).waitTimeSeconds(20)).messages());
        sqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("arrived"));
        assertThat(waiting.get()).extracting(Message::body).containsExactly("arrived");
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
    }

    @Test
    void anotherAccountIsRefusedTheQueueAndTheTopic() {
        String queueUrl = sqs.createQueue(b -> b.queueName("mine")).queueUrl();
        String topicArn = sns.createTopic(b -> b.name("mine")).topicArn();
        try (SqsClient otherSqs = sqs(MatrixServer.OTHER_KEY, MatrixServer.OTHER_SECRET);
             SnsClient otherSns = sns(MatrixServer.OTHER_KEY, MatrixServer.OTHER_SECRET)) {
            assertThatThrownBy(() -> otherSqs.sendMessage(b -> b.queueUrl(queueUrl).messageBody("x")))
                    .isInstanceOfSatisfying(SqsException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                    });
            assertThatThrownBy(() -> otherSns.getTopicAttributes(b -> b.topicArn(topicArn)))
                    .isInstanceOfSatisfying(AuthorizationErrorException.class,
                            e -> assertThat(e.statusCode()).isEqualTo(403));
        }
        assertThat(sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0");
        sqs.deleteQueue(b -> b.queueUrl(queueUrl));
        sns.deleteTopic(b -> b.topicArn(topicArn));
    }

    @Test
    void actionsOutsideTheSubsetAreRefusedInTheServicesOwnShape() {
        assertThatThrownBy(() -> sns.listTopics()).isInstanceOfSatisfying(SnsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
            assertThat(e.awsErrorDetails().errorMessage()).contains("only the part of SNS that Glacier");
        });
        assertThatThrownBy(() -> sqs.listQueues()).isInstanceOfSatisfying(SqsException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(400);
            assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAction");
            assertThat(e.awsErrorDetails().errorMessage()).contains("only the part of SQS that Glacier");
        });
    }

    @Test
    void badInputGetsTheRealCodesAndStoresNothing() {
        assertThatThrownBy(() -> sqs.createQueue(b -> b.queueName("no spaces")))
                .isInstanceOfSatisfying(SqsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterValue"));
        assertThatThrownBy(() -> sqs.createQueue(b -> b.queueName("bad-attr")
                .attributesWithStrings(Map.of("VisibilityTimeout", "99999")))).isInstanceOfSatisfying(
                SqsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidAttributeValue"));
        assertThatThrownBy(() -> sqs.getQueueUrl(b -> b.queueName("bad-attr")))
                .isInstanceOf(QueueDoesNotExistException.class);
        assertThatThrownBy(() -> sns.createTopic(b -> b.name("no spaces"))).isInstanceOfSatisfying(
                SnsException.class, e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter"));
        String topicArn = sns.createTopic(b -> b.name("strict")).topicArn();
        assertThatThrownBy(() -> sns.subscribe(b -> b.topicArn(topicArn).protocol("email").endpoint("a@b.c")))
                .isInstanceOfSatisfying(SnsException.class,
                        e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameter"));
        assertThat(sns.listSubscriptionsByTopic(b -> b.topicArn(topicArn)).subscriptions()).isEmpty();
        sns.deleteTopic(b -> b.topicArn(topicArn));
        assertThatThrownBy(() -> sns.getTopicAttributes(b -> b.topicArn(topicArn))).isInstanceOfSatisfying(
                SnsException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(404);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("NotFound");
                });
    }

    private static SqsClient sqs(String key, String secret) {
        return SqsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keys(key, secret)).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    private static SnsClient sns(String key, String secret) {
        return SnsClient.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keys(key, secret)).httpClientBuilder(ApacheHttpClient.builder()).build();
    }

    private static StaticCredentialsProvider keys(String key, String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret));
    }
}
