package io.permafrost.vault;

import io.permafrost.store.ArchiveRecord;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InventoryWriterTest {
    private static final String ARN = "arn:aws:glacier:us-west-2:012345678901:vaults/examplevault";
    private static final Instant TAKEN = Instant.parse("2011-12-12T14:19:01.456Z");
    private static final ArchiveRecord FIRST = new ArchiveRecord("DMTmICA2n5Tdqq5BV2z7og", 1, "my archive1", 2140123,
            "6b9d4cf8697bd3af6aa1b590a0b27b337da5b18988dbcc619a3e608a554a1e62",
            Instant.parse("2012-05-15T17:19:46.700Z"), List.of());
    private static final ArchiveRecord NO_DESCRIPTION = new ArchiveRecord("Zz-_9", 1, null, 7,
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
            Instant.parse("2012-05-15T17:21:39Z"), List.of());

    private static String render(String format, ArchiveRecord... archives) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (InventoryWriter writer = InventoryWriter.forFormat(format, out)) {
            writer.begin(ARN, TAKEN);
            for (ArchiveRecord archive : archives) {
                writer.archive(archive);
            }
            writer.end();
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void jsonMatchesTheSpecShapeCompactAndInOrder() throws IOException {
        assertThat(render("JSON", FIRST, NO_DESCRIPTION)).isEqualTo("{\"VaultARN\":\"" + ARN + "\","
                + "\"InventoryDate\":\"2011-12-12T14:19:01Z\",\"ArchiveList\":["
                + "{\"ArchiveId\":\"DMTmICA2n5Tdqq5BV2z7og\",\"ArchiveDescription\":\"my archive1\","
                + "\"CreationDate\":\"2012-05-15T17:19:46.700Z\",\"Size\":2140123,"
                + "\"SHA256TreeHash\":\"6b9d4cf8697bd3af6aa1b590a0b27b337da5b18988dbcc619a3e608a554a1e62\"},"
                + "{\"ArchiveId\":\"Zz-_9\",\"ArchiveDescription\":\"\",\"CreationDate\":\"2012-05-15T17:21:39.000Z\","
                + "\"Size\":7,\"SHA256TreeHash\":\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]}");
    }

    @Test
    void jsonOfAnEmptyVaultHasAnEmptyList() throws IOException {
        assertThat(render("JSON")).endsWith("\"ArchiveList\":[]}");
    }

    @Test
    void csvHasHeaderAndOneLfTerminatedLinePerArchive() throws IOException {
        assertThat(render("CSV", FIRST, NO_DESCRIPTION)).isEqualTo(
                "ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n"
                        + "DMTmICA2n5Tdqq5BV2z7og,my archive1,2012-05-15T17:19:46.700Z,2140123,"
                        + "6b9d4cf8697bd3af6aa1b590a0b27b337da5b18988dbcc619a3e608a554a1e62\n"
                        + "Zz-_9,,2012-05-15T17:21:39.000Z,7,"
                        + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\n");
        assertThat(render("CSV")).isEqualTo("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n");
    }

    @Test
    void csvQuotesDescriptionsAsAwsDoes() {
        // The two examples of spec 11.2.
        assertThat(CsvInventoryWriter.description("my archive description,1\"2"))
                .isEqualTo("\"my archive description,1\\\"2\"");
        assertThat(CsvInventoryWriter.description("my archive description,1\\\"2"))
                .isEqualTo("\"my archive description,1\\\\\"2\"");
        assertThat(CsvInventoryWriter.description("a \"quote\"")).isEqualTo("\"a \\\"quote\\\"\"");
        assertThat(CsvInventoryWriter.description("back\\slash only")).isEqualTo("back\\slash only");
        assertThat(CsvInventoryWriter.description(null)).isEmpty();
    }
}
