package io.permafrost.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

class InventoryParserTest {

    private static List<InventoryEntry> parse(String json) throws IOException {
        List<InventoryEntry> entries = new ArrayList<>();
        long count = InventoryParser.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), entries::add);
        assertThat(count).isEqualTo(entries.size());
        return entries;
    }

    @Test
    void readsEveryArchiveWithItsFieldsAndSkipsWhatItDoesNotNeed() throws IOException {
        List<InventoryEntry> entries = parse("""
                {"VaultARN":"arn:aws:glacier:us-east-1:111122223333:vaults/v","InventoryDate":"2026-01-02T03:04:05Z",
                 "ArchiveList":[
                  {"ArchiveId":"id-1","ArchiveDescription":"my photos","CreationDate":"2012-03-20T17:03:43Z",
                   "Size":2140123,"SHA256TreeHash":"aa","Extra":{"nested":[1,2]}},
                  {"ArchiveId":"id-2","ArchiveDescription":null,"CreationDate":"2012-03-21T17:03:43Z","Size":0,
                   "SHA256TreeHash":"bb"}],
                 "Trailer":[{"x":1}]}
                """);

        assertThat(entries).containsExactly(
                new InventoryEntry("id-1", "my photos", "2012-03-20T17:03:43Z", 2140123, "aa"),
                new InventoryEntry("id-2", null, "2012-03-21T17:03:43Z", 0, "bb"));
    }

    @Test
    void anEmptyVaultHasNoArchives() throws IOException {
        assertThat(parse("{\"VaultARN\":\"a\",\"ArchiveList\":[]}")).isEmpty();
    }

    @Test
    void anArchiveWithoutItsTreeHashIsRefusedRatherThanCopiedUnverified() {
        assertThatThrownBy(() -> parse("{\"ArchiveList\":[{\"ArchiveId\":\"x\",\"CreationDate\":\"2012-03-20T17:03:43Z\","
                + "\"Size\":1}]}")).isInstanceOf(IOException.class).hasMessageContaining("SHA256TreeHash");
    }

    @Test
    void csvIsNotTakenForAnEmptyInventory() {
        assertThatThrownBy(() -> parse("ArchiveId,ArchiveDescription,CreationDate,Size,SHA256TreeHash\n"))
                .isInstanceOf(IOException.class);
    }
}
