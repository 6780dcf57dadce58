package io.permafrost.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The pieces of the canonical request, pinned to the forms spec 5.3 gives. */
class CanonicalFormTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "/-/vaults/examplevault           | /-/vaults/examplevault",
            "''                               | /",
            "/                                | /",
            "/-/vaults/a%2Fb                  | /-/vaults/a%252Fb",
            "/-/vaults/a b:c                  | /-/vaults/a%20b%3Ac",
            "/-/vaults/./x/../v               | /-/vaults/v",
            "/-//vaults///v                   | /-/vaults/v",
            "/-/vaults/v/                     | /-/vaults/v/",
            "/../..                           | /",
            "/-/vaults/ü                      | /-/vaults/%C3%BC",
            "/-/vaults/a~b_c-d.e              | /-/vaults/a~b_c-d.e",
    })
    void canonicalUri(String rawPath, String expected) {
        assertThat(CanonicalUri.of(rawPath)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "limit=2&marker=arn%3Aaws%3Aglacier%3Aus-east-1%3A1%3Avaults%2Fa | limit=2&marker=arn%3Aaws%3Aglacier%3Aus-east-1%3A1%3Avaults%2Fa",
            "marker=arn:aws:glacier:us-east-1:1:vaults/a&limit=2             | limit=2&marker=arn%3Aaws%3Aglacier%3Aus-east-1%3A1%3Avaults%2Fa",
            "operation=add                                                  | operation=add",
            "b=2&a=1&a=0                                                    | a=0&a=1&b=2",
            "a+b=c+d                                                        | a%2Bb=c%2Bd",
            "v=a%20b                                                        | v=a%20b",
            "v=%7e%2a                                                       | v=~%2A",
            "flag&x=                                                        | flag=&x=",
            "a=1&&b=2&                                                      | a=1&b=2",
            "v=100%                                                         | v=100%25",
            "v=%zz                                                          | v=%25zz",
            "v=a=b                                                          | v=a%3Db",
            "v=%C3%BC                                                       | v=%C3%BC",
    })
    void canonicalQuery(String rawQuery, String expected) {
        assertThat(CanonicalQuery.of(rawQuery)).isEqualTo(expected);
    }

    @Test
    void absentQueryIsEmpty() {
        assertThat(CanonicalQuery.of(null)).isEmpty();
        assertThat(CanonicalQuery.of("")).isEmpty();
    }

    @Test
    void headerValuesAreTrimmedCollapsedAndJoined() {
        SignedRequest request = new SignedRequest("GET", "/", null, Map.of(
                "Host", List.of("h"),
                "X-Multi", List.of("  a  ", "b \t\t c"),
                "x-odd", List.of("\t one   two  three \n")));

        assertThat(CanonicalHeaders.of(request, List.of("host", "x-multi", "x-odd")))
                .contains("host:h\nx-multi:a,b c\nx-odd:one two three\n");
        assertThat(CanonicalHeaders.of(request, List.of("host", "x-absent"))).isEmpty();
    }

    @Test
    void emptyHeaderValueIsSignedAsEmpty() {
        SignedRequest request = new SignedRequest("GET", "/", null, Map.of("x-empty", List.of("   ")));

        assertThat(CanonicalHeaders.of(request, List.of("x-empty"))).contains("x-empty:\n");
    }

    @Test
    void loggedCanonicalRequestHidesTheSessionToken() {
        CanonicalRequest canonical = new CanonicalRequest(
                "GET\n/\n\nhost:h\nx-amz-security-token:secret-token\n\nhost;x-amz-security-token\nx");

        assertThat(canonical.loggable()).isEqualTo(
                "GET\n/\n\nhost:h\nx-amz-security-token:<redacted>\n\nhost;x-amz-security-token\nx");
    }
}
