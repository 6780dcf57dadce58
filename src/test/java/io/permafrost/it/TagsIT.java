package io.permafrost.it;

import io.permafrost.testing.SharedServerTest;
import io.permafrost.testing.TestServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.glacier.model.ListTagsForVaultResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.permafrost.testing.GlacierErrorAssertions.assertGlacierError;
import static org.assertj.core.api.Assertions.assertThat;

/** AddTagsToVault, RemoveTagsFromVault, ListTagsForVault through the SDK (spec 16). */
class TagsIT extends SharedServerTest {

    private static Map<String, String> tags(String vault) {
        return glacier.listTagsForVault(b -> b.accountId("-").vaultName(vault)).tags();
    }

    private static void add(String vault, Map<String, String> tags) {
        glacier.addTagsToVault(b -> b.accountId("-").vaultName(vault).tags(tags));
    }

    private static Map<String, String> numbered(int from, int count) {
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = from; i < from + count; i++) {
            tags.put("key" + i, "value" + i);
        }
        return tags;
    }

    @Test
    void addOverwriteRemoveAndList() {
        createVault("tagged");
        ListTagsForVaultResponse none = glacier.listTagsForVault(b -> b.accountId("-").vaultName("tagged"));
        assertThat(none.sdkHttpResponse().statusCode()).isEqualTo(200);
        assertThat(none.tags()).isEmpty();

        var added = glacier.addTagsToVault(b -> b.accountId("-").vaultName("tagged")
                .tags(Map.of("date", "july2015", "id", "1234", "empty", "")));
        assertThat(added.sdkHttpResponse().statusCode()).isEqualTo(204);
        assertThat(tags("tagged")).containsOnly(Map.entry("date", "july2015"), Map.entry("id", "1234"),
                Map.entry("empty", ""));

        add("tagged", Map.of("id", "5678", "Owner", "ops team"));
        assertThat(tags("tagged")).containsOnly(Map.entry("date", "july2015"), Map.entry("id", "5678"),
                Map.entry("empty", ""), Map.entry("Owner", "ops team"));

        var removed = glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("tagged").tagKeys("date", "owner"));
        assertThat(removed.sdkHttpResponse().statusCode()).isEqualTo(204);
        // Keys are case-sensitive: "owner" did not remove "Owner".
        assertThat(tags("tagged")).containsOnly(Map.entry("id", "5678"), Map.entry("empty", ""),
                Map.entry("Owner", "ops team"));
    }

    @Test
    void removingAbsentKeysSucceeds() {
        createVault("untagged");
        glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("untagged").tagKeys("nothing", "here"));
        assertThat(tags("untagged")).isEmpty();
        add("untagged", Map.of("kept", "yes"));
        glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("untagged").tagKeys("nothing"));
        assertThat(tags("untagged")).containsOnly(Map.entry("kept", "yes"));
    }

    @Test
    void fiftyTagsAreTheLimit() {
        createVault("full");
        for (int i = 0; i < 45; i += 10) {
            add("full", numbered(i, Math.min(10, 45 - i)));
        }
        assertThat(tags("full")).hasSize(45);
        // Ten new keys would make 55: refused as a whole, nothing added.
        assertGlacierError(() -> add("full", numbered(45, 10)), "LimitExceededException", 400,
                "The vault would have more than 50 tags");
        assertThat(tags("full")).hasSize(45).doesNotContainKey("key45");

        add("full", numbered(45, 5));
        assertThat(tags("full")).hasSize(50);
        assertGlacierError(() -> add("full", Map.of("one-more", "x")), "LimitExceededException", 400,
                "The vault would have more than 50 tags");
        assertThat(tags("full")).hasSize(50).doesNotContainKey("one-more");
        // Overwriting an existing key at the limit is fine.
        add("full", Map.of("key0", "changed"));
        assertThat(tags("full")).hasSize(50).containsEntry("key0", "changed");
    }

    @Test
    void oneToTenTagsPerRequest() {
        createVault("per-request");
        assertGlacierError(() -> add("per-request", numbered(0, 11)), "InvalidParameterValueException", 400,
                "Tags must hold between 1 and 10 entries, got 11");
        assertGlacierError(() -> add("per-request", Map.of()), "InvalidParameterValueException", 400,
                "Tags must hold between 1 and 10 entries, got 0");
        assertThat(tags("per-request")).isEmpty();
        add("per-request", numbered(0, 10));
        assertGlacierError(() -> glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("per-request")
                        .tagKeys(numbered(0, 11).keySet())), "InvalidParameterValueException", 400,
                "TagKeys must hold between 1 and 10 entries, got 11");
        assertGlacierError(() -> glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("per-request")
                        .tagKeys(List.of())), "InvalidParameterValueException", 400,
                "TagKeys must hold between 1 and 10 entries, got 0");
        assertThat(tags("per-request")).hasSize(10);
    }

    @Test
    void invalidKeysAndValuesAreRefusedAndChangeNothing() {
        createVault("strict");
        add("strict", Map.of("existing", "1"));
        String longKey = "k".repeat(129);
        String longValue = "v".repeat(256);
        // Reserved; ':' is outside the allowed characters of spec 16 anyway, so the key is simply invalid.
        assertGlacierError(() -> add("strict", Map.of("aws:reserved", "x")), "InvalidParameterValueException", 400,
                "Invalid tag key: aws:reserved");
        assertGlacierError(() -> add("strict", Map.of("bad#key", "x")), "InvalidParameterValueException", 400,
                "Invalid tag key: bad#key");
        assertGlacierError(() -> add("strict", Map.of("", "x")), "InvalidParameterValueException", 400,
                "Invalid tag key: ");
        assertGlacierError(() -> add("strict", Map.of(longKey, "x")), "InvalidParameterValueException", 400,
                "Invalid tag key: " + longKey);
        assertGlacierError(() -> add("strict", Map.of("fine", longValue)), "InvalidParameterValueException", 400,
                "Invalid tag value for key fine: " + longValue);
        assertGlacierError(() -> add("strict", Map.of("fine", "semi;colon")), "InvalidParameterValueException", 400,
                "Invalid tag value for key fine: semi;colon");
        // One bad entry refuses the whole request: the good one beside it is not stored either.
        Map<String, String> mixed = new LinkedHashMap<>();
        mixed.put("good", "1");
        mixed.put("bad!", "2");
        assertGlacierError(() -> add("strict", mixed), "InvalidParameterValueException", 400, "Invalid tag key: bad!");
        assertThat(tags("strict")).containsOnly(Map.entry("existing", "1"));

        // The longest key and value, Unicode letters and every allowed symbol are fine.
        String allowed = "\u00e9t\u00e9 \u65e5\u672c _./=+-@ 09";
        add("strict", Map.of("k".repeat(128), "v".repeat(255), allowed, allowed));
        assertThat(tags("strict")).containsEntry("k".repeat(128), "v".repeat(255)).containsEntry(allowed, allowed);
    }

    @Test
    void aKeyDifferingOnlyInCaseFromAStoredKeyIsRefusedAndChangesNothing() {
        createVault("cased");
        add("cased", Map.of("Owner", "ops"));

        assertGlacierError(() -> add("cased", Map.of("owner", "dev")), "InvalidParameterValueException", 400,
                ExpectedError.tagKeyCaseConflict("owner", "the vault's tag key Owner"));
        Map<String, String> mixed = new LinkedHashMap<>();
        mixed.put("fresh", "1");
        mixed.put("OWNER", "dev");
        assertGlacierError(() -> add("cased", mixed), "InvalidParameterValueException", 400,
                ExpectedError.tagKeyCaseConflict("OWNER", "the vault's tag key Owner"));
        assertThat(tags("cased")).containsOnly(Map.entry("Owner", "ops"));

        // The exact key is an overwrite; once it is removed, another spelling is a new key like any other.
        add("cased", Map.of("Owner", "dev"));
        assertThat(tags("cased")).containsOnly(Map.entry("Owner", "dev"));
        glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("cased").tagKeys("Owner"));
        add("cased", Map.of("OWNER", "qa"));
        assertThat(tags("cased")).containsOnly(Map.entry("OWNER", "qa"));
    }

    @Test
    void keysDifferingOnlyInCaseWithinOneRequestAreRefused() {
        createVault("cased-request");
        Map<String, String> twins = new LinkedHashMap<>();
        twins.put("Env", "prod");
        twins.put("ENV", "test");

        assertGlacierError(() -> add("cased-request", twins), "InvalidParameterValueException", 400,
                ExpectedError.tagKeyCaseConflict("ENV", "tag key Env of the same request"));
        assertThat(tags("cased-request")).isEmpty();
    }

    @Test
    void tagOperationsOnAMissingVaultAreNotFound() {
        String message = "Vault not found for ARN: arn:aws:glacier:us-east-1:" + TestServer.ACCOUNT + ":vaults/ghost";
        assertGlacierError(() -> add("ghost", Map.of("a", "b")), "ResourceNotFoundException", 404, message);
        assertGlacierError(() -> glacier.removeTagsFromVault(b -> b.accountId("-").vaultName("ghost").tagKeys("a")),
                "ResourceNotFoundException", 404, message);
        assertGlacierError(() -> tags("ghost"), "ResourceNotFoundException", 404, message);
    }
}
