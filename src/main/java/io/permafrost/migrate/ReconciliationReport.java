package io.permafrost.migrate;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The final account of a migration, per vault: what the inventory lists (archives, bytes), what this or an
 * earlier run copied, what the destination already had, and every archive not in the destination with why.
 * Printed, and written as JSON (streamed: the list of failures may be long) beside the state file.
 */
final class ReconciliationReport {
    private static final int PRINTED_FAILURES = 20;

    private ReconciliationReport() {
    }

    /** Whether every archive of every vault's inventory is in the destination, verified. */
    static boolean complete(MigrationState state, List<VaultRow> vaults) {
        return vaults.stream().allMatch(v -> {
            MigrationState.Tally t = state.tally(v.sourceVault());
            return v.inventoryLoaded() && t.committed() == t.archives();
        });
    }

    static void print(MigrationState state, List<VaultRow> vaults, PrintStream out) {
        for (VaultRow vault : vaults) {
            MigrationState.Tally t = state.tally(vault.sourceVault());
            out.printf("vault %s -> %s: inventory %d archives (%d bytes); copied %d (%d bytes); already present %d;"
                            + " not copied %d (%d failed)%n", vault.sourceVault(), vault.destinationVault(), t.archives(),
                    t.bytes(), t.copied(), t.copiedBytes(), t.alreadyPresent(), t.archives() - t.committed(), t.failed());
            if (!vault.inventoryLoaded()) {
                out.println("  the inventory is not loaded yet: run migrate again");
            }
            int[] shown = {0};
            state.notCommitted(vault.sourceVault(), row -> {
                if (shown[0]++ < PRINTED_FAILURES) {
                    out.printf("  %s %s: %s%n", row.state().toUpperCase(java.util.Locale.ROOT), row.archive().archiveId(),
                            row.reason() == null ? "not tried yet" : row.reason());
                }
            });
            if (shown[0] > PRINTED_FAILURES) {
                out.printf("  ... and %d more (see the JSON report)%n", shown[0] - PRINTED_FAILURES);
            }
            if (vault.settingsNote() != null) {
                out.println("  settings: access policy, tags and notifications copied; " + vault.settingsNote());
            }
        }
    }

    static void write(MigrationState state, List<VaultRow> vaults, Path file) {
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try (JsonGenerator json = new JsonFactory().createGenerator(Files.newOutputStream(partial))) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeBooleanField("complete", complete(state, vaults));
            json.writeArrayFieldStart("vaults");
            for (VaultRow vault : vaults) {
                writeVault(state, vault, json);
            }
            json.writeEndArray();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
        try {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + file, e);
        }
    }

    private static void writeVault(MigrationState state, VaultRow vault, JsonGenerator json) throws IOException {
        MigrationState.Tally t = state.tally(vault.sourceVault());
        json.writeStartObject();
        json.writeStringField("sourceVault", vault.sourceVault());
        json.writeStringField("destinationVault", vault.destinationVault());
        json.writeBooleanField("inventoryLoaded", vault.inventoryLoaded());
        json.writeNumberField("inventoryArchives", t.archives());
        json.writeNumberField("inventoryBytes", t.bytes());
        json.writeNumberField("copied", t.copied());
        json.writeNumberField("copiedBytes", t.copiedBytes());
        json.writeNumberField("alreadyPresent", t.alreadyPresent());
        json.writeNumberField("failed", t.failed());
        json.writeStringField("settings", vault.settingsNote());
        json.writeArrayFieldStart("notCopied");
        try {
            state.notCommitted(vault.sourceVault(), row -> {
                try {
                    json.writeStartObject();
                    json.writeStringField("archiveId", row.archive().archiveId());
                    json.writeStringField("state", row.state());
                    json.writeStringField("reason", row.reason());
                    json.writeNumberField("attempts", row.attempts());
                    json.writeEndObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        json.writeEndArray();
        json.writeEndObject();
    }
}
