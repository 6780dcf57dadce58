package io.permafrost.intake;

import java.util.List;

/** A vault's job-notification configuration: the SNS topic ARN and the events sent to it. */
public record VaultNotificationConfig(String snsTopic, List<String> events) {
    public VaultNotificationConfig {
        events = List.copyOf(events);
    }
}
