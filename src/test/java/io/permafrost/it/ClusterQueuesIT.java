package io.permafrost.it;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.permafrost.testing.ConcurrentCalls;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueDoesNotExistException;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The SNS/SQS subset on two cluster nodes sharing one PostgreSQL schema, driven with the SDK's own SQS and
 * SNS clients: a queue or topic made through one node is the other's too, a message sent through one is
 * received through the other (also by a long poll already waiting there), receivers racing on both nodes
 * never get the same message while it is hidden, and a job's completion reaches a subscribed queue whichever
 * node ran the job. Runs in every lane (it starts its own cluster nodes); skipped, saying why, without
 * PostgreSQL.
 */
class ClusterQueuesIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MESSAGES = 60;

    private TestServer nodeA;
    private TestServer nodeB;
    private final List<AutoCloseable> clients = new ArrayList<>();

    @BeforeEach
    void startTwoNodes() throws Exception {
        nodeA = TestServer.clusterNode();
        nodeB = nodeA.anotherNode();
    }

    @AfterEach
    void stopNodes() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        if (nodeB != null) {
            nodeB.close();
        }
        if (nodeA != null) {
            nodeA.close();
        }
    }

    @Test
    void aMessageSentThroughOneNodeIsReceivedAndDeletedThroughTheOther() {
        SharedQueue q = sharedQueue("shared");
        q.a().sendMessage(r -> r.queueUrl(q.onA()).messageBody("from A"));

        List<Message> got = q.b().receiveMessage(r -> r.queueUrl(q.onB()).visibilityTimeout(600)).messages();
        assertThat(got).extracting(Message::body).containsExactly("from A");
        assertThat(q.a().receiveMessage(r -> r.queueUrl(q.onA())).messages()).as("hidden on node A too").isEmpty();
        assertThat(q.a().getQueueAttributes(r -> r.queueUrl(q.onA()).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessagesNotVisible", "1");

        q.a().deleteMessage(r -> r.queueUrl(q.onA()).receiptHandle(got.get(0).receiptHandle()));
        assertThat(q.b().getQueueAttributes(r -> r.queueUrl(q.onB()).attributeNames(QueueAttributeName.ALL))
                .attributesAsStrings()).containsEntry("ApproximateNumberOfMessages", "0")
                .containsEntry("ApproximateNumberOfMessagesNotVisible", "0");
        q.b().deleteQueue(r -> r.queueUrl(q.onB()));
        assertThatThrownBy(() -> q.a().getQueueUrl(r -> r.queueName("shared")))
                .isInstanceOf(QueueDoesNotExistException.class);
    }

    @Test
    void receiversRacingOnBothNodesGetEveryMessageExactlyOnce() throws Exception {
        SharedQueue q = sharedQueue("contended");
        for (int i = 0; i < MESSAGES; i++) {
            String body = "message " + i;
            (i % 2 == 0 ? q.a() : q.b()).sendMessage(r -> r.queueUrl(q.onA()).messageBody(body));
        }

        List<List<String>> received = ConcurrentCalls.race(() -> drain(q.a(), q.onA()), () -> drain(q.b(), q.onB()),
                () -> drain(q.a(), q.onA()), () -> drain(q.b(), q.onB()));
        List<String> all = received.stream().flatMap(List::stream).toList();
        assertThat(all).as("every message once, none to two receivers while hidden").hasSize(MESSAGES)
                .doesNotHaveDuplicates();
    }

    /** Receives (hiding each message for ten minutes) until the queue answers empty; the bodies received. */
    private static List<String> drain(SqsClient sqs, String queueUrl) {
        List<String> bodies = new ArrayList<>();
        while (true) {
            List<Message> got = sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(3)
                    .visibilityTimeout(600)).messages();
            if (got.isEmpty()) {
                return bodies;
            }
            got.forEach(m -> bodies.add(m.body()));
        }
    }

    @Test
    void aLongPollWaitingOnOneNodeIsAnsweredByASendThroughTheOther() throws Exception {
        SharedQueue q = sharedQueue("waiting");
        CompletableFuture<List<Message>> waiting = CompletableFuture.supplyAsync(() ->
                q.b().receiveMessage(r -> r.queueUrl(q.onB()).waitTimeSeconds(20)).messages());
        q.a().sendMessage(r -> r.queueUrl(q.onA()).messageBody("sent on A"));
        assertThat(waiting.get()).extracting(Message::body).containsExactly("sent on A");
    }

    @Test
    void aJobCompletionReachesAQueueSubscribedThroughTheOtherNode() throws Exception {
        SqsClient b = sqs(nodeB);
        SnsClient sns = sns(nodeB);
        String queueUrl = b.createQueue(r -> r.queueName("restores")).queueUrl();
        String queueArn = b.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes().get(QueueAttributeName.QUEUE_ARN);
        String topicArn = sns.createTopic(r -> r.name("restores")).topicArn();
        sns.subscribe(r -> r.topicArn(topicArn).protocol("sqs").endpoint(queueArn));
        assertThat(sns(nodeA).listSubscriptionsByTopic(r -> r.topicArn(topicArn)).subscriptions())
                .as("node A sees node B's subscription").singleElement()
                .satisfies(s -> assertThat(s.endpoint()).isEqualTo(queueArn));

        JobTestVault vault = new JobTestVault(nodeA.client(), "notified");
        String archiveId = vault.upload("notify me".getBytes(StandardCharsets.UTF_8), "note");
        String jobId = vault.start(p -> p.type("archive-retrieval").archiveId(archiveId).snsTopic(topicArn));

        Message message = b.receiveMessage(r -> r.queueUrl(queueUrl).waitTimeSeconds(20)).messages().get(0);
        String job = JSON.readTree(message.body()).get("Message").asText();
        assertThat(JSON.readTree(job).get("JobId").asText()).isEqualTo(jobId);
    }

    /** A queue created through node A and looked up through node B: a client and the queue's URL on each. */
    private record SharedQueue(SqsClient a, String onA, SqsClient b, String onB) {
    }

    private SharedQueue sharedQueue(String name) {
        SqsClient a = sqs(nodeA);
        SqsClient b = sqs(nodeB);
        String onA = a.createQueue(r -> r.queueName(name)).queueUrl();
        return new SharedQueue(a, onA, b, b.getQueueUrl(r -> r.queueName(name)).queueUrl());
    }

    private SqsClient sqs(TestServer node) {
        SqsClient client = SqsClient.builder().endpointOverride(node.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keys()).httpClientBuilder(ApacheHttpClient.builder()).build();
        clients.add(client);
        return client;
    }

    private SnsClient sns(TestServer node) {
        SnsClient client = SnsClient.builder().endpointOverride(node.endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(keys()).httpClientBuilder(ApacheHttpClient.builder()).build();
        clients.add(client);
        return client;
    }

    private static StaticCredentialsProvider keys() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(TestServer.ROOT_KEY, TestServer.ROOT_SECRET));
    }
}
