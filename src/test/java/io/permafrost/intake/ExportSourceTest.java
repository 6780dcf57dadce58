package io.permafrost.intake;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading an export: a tar read once, in order, and file names that must stay inside the export. */
class ExportSourceTest {

    private static byte[] tar(String... namesAndContents) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                byte[] content = namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry entry = new TarArchiveEntry(namesAndContents[i]);
                entry.setSize(content.length);
                tar.putArchiveEntry(entry);
                tar.write(content);
                tar.closeArchiveEntry();
            }
        }
        return bytes.toByteArray();
    }

    private static String read(Optional<InputStream> in) throws IOException {
        return new String(in.orElseThrow().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void aFileMissingFromATarStreamIsReportedAndTheNextOneStillFound() throws Exception {
        byte[] stream = tar(ExportManifest.NAME, "header\n", "archives/a.archive", "A", "archives/c.archive", "C");
        try (ExportSource source = ExportSource.tar(new ByteArrayInputStream(stream))) {
            assertThat(Files.readString(source.manifest())).isEqualTo("header\n");
            assertThat(read(source.open("archives/a.archive"))).isEqualTo("A");
            assertThat(source.open("archives/b.archive")).isEmpty();
            assertThat(read(source.open("archives/c.archive"))).isEqualTo("C");
            assertThat(source.open("archives/d.archive")).isEmpty();
        }
    }

    @Test
    void aTarThatDoesNotBeginWithTheManifestIsRefused() throws Exception {
        byte[] stream = tar("archives/a.archive", "A", ExportManifest.NAME, "header\n");
        assertThatThrownBy(() -> ExportSource.tar(new ByteArrayInputStream(stream)))
                .hasMessageContaining("does not begin with " + ExportManifest.NAME);
    }

    @Test
    void namesOutsideTheExportAreRefusedBeforeAnythingIsOpened(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve(ExportManifest.NAME), "header\n");
        Files.writeString(dir.getParent().resolve("outside-" + dir.getFileName()), "secret");
        try (ExportSource source = ExportSource.directory(dir)) {
            assertThatThrownBy(() -> source.open("../outside-" + dir.getFileName())).hasMessageContaining("outside the export");
            assertThatThrownBy(() -> source.open("/etc/passwd")).hasMessageContaining("outside the export");
            assertThat(source.open("archives/none.archive")).isEmpty();
        } finally {
            Files.deleteIfExists(dir.getParent().resolve("outside-" + dir.getFileName()));
        }
    }

    @Test
    void archiveFilesAreNamedFromTheIdsHashSoIdsDifferingInCaseOrStartingWithADashStayApart() {
        String lower = "-" + "a".repeat(137);
        String upper = "-" + "A".repeat(137);
        assertThat(ExportManifest.fileNameOf(lower)).matches("archives/[0-9a-f]{64}\\.archive")
                .isNotEqualToIgnoringCase(ExportManifest.fileNameOf(upper));
    }

    @Test
    void aManifestLineWithoutItsFieldsIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ExportManifest.entry("{\"archiveId\":\"x\",\"size\":1}"))
                .hasMessageContaining("without creationDate");
        assertThatThrownBy(() -> ExportManifest.entry("not json")).hasMessageContaining("not JSON");
    }
}
