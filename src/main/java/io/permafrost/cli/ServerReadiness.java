package io.permafrost.cli;

import io.permafrost.clock.ComplianceClock;
import io.permafrost.clock.ComplianceClockKeeper;
import io.permafrost.http.ReadinessProbe;
import io.permafrost.store.MetadataStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ready means: the metadata store answers a read, the blob directory takes writes, and the
 * compliance clock is being saved. A compliance clock that disagrees with the system clock is shown
 * but does not make the server unready: after every downtime it lags by that downtime for a long while
 * (it catches up by a week a year), and refusing traffic for that time would help no one.
 */
final class ServerReadiness implements ReadinessProbe {
    private final MetadataStore metadata;
    private final Path blobTemp;
    private final ComplianceClock clock;
    private final ComplianceClockKeeper keeper;

    ServerReadiness(MetadataStore metadata, Path blobTemp, ComplianceTime complianceTime) {
        this.metadata = metadata;
        this.blobTemp = blobTemp;
        this.clock = complianceTime.clock();
        this.keeper = complianceTime.keeper();
    }

    @Override
    public Readiness check() {
        Map<String, String> problems = new LinkedHashMap<>();
        try {
            // Any read will do: it proves a pooled connection can open a transaction on the database.
            metadata.vaults().find("000000000000", "readiness-probe");
        } catch (RuntimeException e) {
            problems.put("metadata", "the metadata store does not answer: " + e.getMessage());
        }
        if (blobTemp != null && (!Files.isDirectory(blobTemp) || !Files.isWritable(blobTemp))) {
            problems.put("blobs", blobTemp + " is not a writable directory");
        }
        if (keeper.saveFailing()) {
            problems.put("complianceClock", "its value cannot be saved in the data directory");
        }
        Map<String, Object> clockState = new LinkedHashMap<>();
        clockState.put("time", clock.instant().toString());
        clockState.put("systemClockLeadSeconds", clock.systemClockLead().toMillis() / 1000.0);
        clockState.put("alarm", keeper.disagreeing());
        return new Readiness(problems, Map.of("complianceClock", clockState));
    }
}
