package io.permafrost.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.permafrost.glacier.ErrorCode;
import io.permafrost.glacier.GlacierException;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PolicyParserTest {

    /** Spec 15.6, re-stated from the developer guide. */
    static final String RETENTION = """
            {"Version":"2012-10-17","Statement":[{"Sid":"deny-based-on-archive-age","Principal":"*",
             "Effect":"Deny","Action":"glacier:DeleteArchive",
             "Resource":["arn:aws:glacier:us-west-2:123456789012:vaults/examplevault"],
             "Condition":{"NumericLessThan":{"glacier:ArchiveAgeInDays":"365"}}}]}""";

    static final String LEGAL_HOLD = """
            {"Version":"2012-10-17","Statement":[
             {"Sid":"lock-vault","Principal":"*","Effect":"Deny","Action":"glacier:DeleteArchive",
              "Resource":["arn:aws:glacier:us-west-2:123456789012:vaults/examplevault"],
              "Condition":{"StringLike":{"glacier:ResourceTag/LegalHold":["true",""]}}},
             {"Sid":"add-based-on-time","Principal":{"AWS":["arn:aws:iam::123456789012:root"]},"Effect":"Allow",
              "Action":"glacier:DeleteArchive",
              "Resource":["arn:aws:glacier:us-west-2:123456789012:vaults/examplevault"],
              "Condition":{"NumericLessThan":{"glacier:ArchiveAgeInDays":"365"}}}]}""";

    static final String CROSS_ACCOUNT_UPLOAD = """
            {"Version":"2012-10-17","Statement":[{"Sid":"cross-account-upload",
             "Principal":{"AWS":["arn:aws:iam::123456789012:root","arn:aws:iam::444455556666:root"]},
             "Effect":"Allow",
             "Action":["glacier:UploadArchive","glacier:InitiateMultipartUpload",
                       "glacier:AbortMultipartUpload","glacier:CompleteMultipartUpload"],
             "Resource":["arn:aws:glacier:us-west-2:999999999999:vaults/examplevault"]}]}""";

    static final String MFA_DELETE = """
            {"Version":"2012-10-17","Statement":[{"Sid":"add-mfa-delete-requirement",
             "Principal":{"AWS":["arn:aws:iam::123456789012:root"]},"Effect":"Allow",
             "Action":["glacier:Delete*"],
             "Resource":["arn:aws:glacier:us-west-2:999999999999:vaults/examplevault"],
             "Condition":{"Bool":{"aws:MultiFactorAuthPresent":true}}}]}""";

    static final String TIME_BASED_DELETE = """
            {"Version":"2012-10-17","Statement":[{"Sid":"add-time-based-delete",
             "Principal":"*","Effect":"Allow","Action":["glacier:Delete*"],
             "Resource":["arn:aws:glacier:us-west-2:999999999999:vaults/examplevault"],
             "Condition":{"DateGreaterThan":{"aws:CurrentTime":"2018-12-31T00:00:00Z"}}}]}""";

    /** botocore examples-1.json, SetVaultAccessPolicy / GetVaultAccessPolicy. */
    static final String BOTOCORE_ACCESS_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Define-owner-access-rights\",\"Effect\":\"Allow\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::999999999999:root\"},\"Action\":\"glacier:DeleteArchive\","
            + "\"Resource\":\"arn:aws:glacier:us-west-2:999999999999:vaults/examplevault\"}]}";

    /** botocore examples-1.json, InitiateVaultLock / GetVaultLock (note the "ArchiveAgeinDays" spelling). */
    static final String BOTOCORE_LOCK_POLICY =
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"Define-vault-lock\",\"Effect\":\"Deny\","
            + "\"Principal\":{\"AWS\":\"arn:aws:iam::999999999999:root\"},\"Action\":\"glacier:DeleteArchive\","
            + "\"Resource\":\"arn:aws:glacier:us-west-2:999999999999:vaults/examplevault\","
            + "\"Condition\":{\"NumericLessThanEquals\":{\"glacier:ArchiveAgeinDays\":\"365\"}}}]}";

    static Stream<Arguments> referencePolicies() {
        return Stream.of(
                Arguments.of("retention", RETENTION, 1),
                Arguments.of("legal hold", LEGAL_HOLD, 2),
                Arguments.of("cross-account upload", CROSS_ACCOUNT_UPLOAD, 1),
                Arguments.of("MFA delete", MFA_DELETE, 1),
                Arguments.of("time-based delete", TIME_BASED_DELETE, 1),
                Arguments.of("botocore access policy", BOTOCORE_ACCESS_POLICY, 1),
                Arguments.of("botocore lock policy", BOTOCORE_LOCK_POLICY, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("referencePolicies")
    void acceptsReferencePolicies(String name, String json, int statements) {
        Policy policy = PolicyParser.parse(json, PolicyKind.RESOURCE);

        assertThat(policy.kind()).isEqualTo(PolicyKind.RESOURCE);
        assertThat(policy.statements()).hasSize(statements);
    }

    static Stream<Arguments> otherValidDocuments() {
        return Stream.of(
                Arguments.of("identity policy, single statement object", PolicyKind.IDENTITY, """
                        {"Statement":{"Effect":"Allow","Action":"glacier:*","Resource":"*"}}"""),
                Arguments.of("legacy version and Id", PolicyKind.IDENTITY, """
                        {"Version":"2008-10-17","Id":"p1","Statement":[{"Sid":"1","Effect":"Deny",
                         "NotAction":["glacier:Describe*","glacier:List*"],"NotResource":"arn:aws:glacier:*:*:vaults/keep-*"}]}"""),
                Arguments.of("every principal form", PolicyKind.RESOURCE, """
                        {"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","Principal":{
                          "AWS":["*","123456789012","arn:aws:iam::123456789012:root",
                                 "arn:aws:iam::123456789012:user/alice","arn:aws:iam::123456789012:user/team/alice",
                                 "arn:aws:iam::123456789012:role/admin","arn:aws:iam::123456789012:role/ops/admin",
                                 "arn:aws:sts::123456789012:assumed-role/admin/session-1",
                                 "arn:aws-cn:iam::123456789012:user/bob"],
                          "Service":"glacier.amazonaws.com","Federated":"cognito-identity.amazonaws.com",
                          "CanonicalUser":"79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}}]}"""),
                Arguments.of("NotPrincipal", PolicyKind.RESOURCE, """
                        {"Statement":[{"Effect":"Deny","Action":"glacier:Delete*","Resource":"*",
                          "NotPrincipal":{"AWS":"arn:aws:iam::123456789012:user/admin"}}]}"""),
                Arguments.of("every operator family", PolicyKind.IDENTITY, """
                        {"Statement":[{"Effect":"Allow","Action":"glacier:*","Resource":"*","Condition":{
                          "StringEqualsIgnoreCase":{"aws:username":"Alice"},
                          "ForAnyValue:StringLike":{"aws:TagKeys":["a*","b?"]},
                          "ForAllValues:StringNotEqualsIfExists":{"aws:TagKeys":"x"},
                          "NumericGreaterThanEquals":{"glacier:ArchiveAgeInDays":1.5},
                          "DateLessThanIfExists":{"aws:EpochTime":1700000000},
                          "Bool":{"aws:SecureTransport":"true"},
                          "BinaryEquals":{"aws:blob":"QmluYXJ5"},
                          "IpAddress":{"aws:SourceIp":["10.0.0.0/8","2001:db8::/32","192.0.2.1"]},
                          "ArnLike":{"aws:PrincipalArn":"arn:aws:iam::*:user/*"},
                          "Null":{"aws:MultiFactorAuthAge":false}}}]}"""),
                Arguments.of("empty condition block", PolicyKind.IDENTITY, """
                        {"Statement":[{"Effect":"Allow","Action":"glacier:*","Resource":"*","Condition":{}}]}"""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("otherValidDocuments")
    void acceptsOtherValidDocuments(String name, PolicyKind kind, String json) {
        assertThat(PolicyParser.parse(json, kind).kind()).isEqualTo(kind);
    }

    private static final String OK_STATEMENT = "{\"Effect\":\"Allow\",\"Action\":\"glacier:*\",\"Resource\":\"*\"}";

    /** An identity document with one statement whose members are given. */
    private static String identity(String members) {
        return "{\"Statement\":[{" + members + "}]}";
    }

    /** A resource document whose only statement has the given Principal element. */
    private static String withPrincipal(String principal) {
        return "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Principal\":" + principal + "}]}";
    }

    /** An identity document whose only statement has the given Condition element. */
    private static String withCondition(String condition) {
        return identity("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":" + condition);
    }

    static Stream<Arguments> invalidDocuments() {
        return Stream.of(
                // document level
                Arguments.of("malformed JSON", PolicyKind.IDENTITY, "{\"Statement\":", "Policy document is not valid JSON at line 1"),
                Arguments.of("trailing content", PolicyKind.IDENTITY, "{\"Statement\":" + OK_STATEMENT + "} {}", "Policy document is not valid JSON"),
                Arguments.of("duplicate member", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Deny\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\""), "Duplicate field 'Effect'"),
                Arguments.of("empty text", PolicyKind.IDENTITY, "", "Policy document must be a JSON object"),
                Arguments.of("array document", PolicyKind.IDENTITY, "[" + OK_STATEMENT + "]", "Policy document must be a JSON object"),
                Arguments.of("string document", PolicyKind.IDENTITY, "\"policy\"", "Policy document must be a JSON object"),
                Arguments.of("unknown top-level member", PolicyKind.IDENTITY,
                        "{\"Statement\":" + OK_STATEMENT + ",\"Statements\":[]}", "Policy has unknown member \"Statements\""),
                Arguments.of("bad version", PolicyKind.IDENTITY, "{\"Version\":\"2012-10-18\",\"Statement\":" + OK_STATEMENT + "}",
                        "Version must be \"2012-10-17\" or \"2008-10-17\", got \"2012-10-18\""),
                Arguments.of("numeric version", PolicyKind.IDENTITY, "{\"Version\":2012,\"Statement\":" + OK_STATEMENT + "}",
                        "Version must be \"2012-10-17\" or \"2008-10-17\", got 2012"),
                Arguments.of("non-string Id", PolicyKind.IDENTITY, "{\"Id\":7,\"Statement\":" + OK_STATEMENT + "}", "Id must be a string, got 7"),
                Arguments.of("missing Statement", PolicyKind.IDENTITY, "{\"Version\":\"2012-10-17\"}", "Policy is missing Statement"),
                Arguments.of("empty Statement array", PolicyKind.IDENTITY, "{\"Statement\":[]}", "Statement must be an object or a non-empty array"),
                Arguments.of("string Statement", PolicyKind.IDENTITY, "{\"Statement\":\"x\"}", "Statement must be an object or a non-empty array"),
                Arguments.of("non-object statement", PolicyKind.IDENTITY, "{\"Statement\":[\"x\"]}", "Statement[0] must be an object, got \"x\""),
                // statement members
                Arguments.of("lower-case effect in second statement", PolicyKind.IDENTITY,
                        "{\"Statement\":[" + OK_STATEMENT + ",{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
                        "Statement[1].Effect must be \"Allow\" or \"Deny\", got \"allow\""),
                Arguments.of("missing Effect", PolicyKind.IDENTITY, identity("\"Action\":\"*\",\"Resource\":\"*\""), "Statement[0] is missing Effect"),
                Arguments.of("unknown statement member", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Actions\":\"*\",\"Resource\":\"*\""), "Statement[0] has unknown member \"Actions\""),
                Arguments.of("non-string Sid", PolicyKind.IDENTITY,
                        identity("\"Sid\":1,\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\""), "Statement[0].Sid must be a string, got 1"),
                Arguments.of("Action and NotAction", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Action\":\"*\",\"NotAction\":\"*\",\"Resource\":\"*\""),
                        "Statement[0] must have only one of Action and NotAction, found both"),
                Arguments.of("no Action", PolicyKind.IDENTITY, identity("\"Effect\":\"Allow\",\"Resource\":\"*\""),
                        "Statement[0] must have Action or NotAction"),
                Arguments.of("empty Action array", PolicyKind.IDENTITY, identity("\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\""),
                        "Statement[0].Action must not be an empty array"),
                Arguments.of("numeric Action", PolicyKind.IDENTITY, identity("\"Effect\":\"Allow\",\"Action\":5,\"Resource\":\"*\""),
                        "Statement[0].Action must be a string or an array of strings, got 5"),
                Arguments.of("Action without service", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Action\":[\"glacier:*\",\"DeleteArchive\"],\"Resource\":\"*\""),
                        "Statement[0].Action entry \"DeleteArchive\" is not \"*\" or service:action"),
                Arguments.of("Action with empty operation", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Action\":\"glacier:\",\"Resource\":\"*\""),
                        "Statement[0].Action entry \"glacier:\" is not"),
                Arguments.of("empty Action string", PolicyKind.IDENTITY, identity("\"Effect\":\"Allow\",\"Action\":\"\",\"Resource\":\"*\""),
                        "Statement[0].Action must not contain an empty string"),
                Arguments.of("Resource that is not an ARN", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"vault/foo\""),
                        "Statement[0].Resource entry \"vault/foo\" is not \"*\" and is not an ARN"),
                Arguments.of("Resource ARN with too few parts", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"arn:aws:glacier:us-east-1:123456789012\""),
                        "Statement[0].Resource entry \"arn:aws:glacier:us-east-1:123456789012\" is not \"*\" and is not an ARN"),
                Arguments.of("NotResource that is not an ARN", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Action\":\"*\",\"NotResource\":[\"photos\"]"),
                        "Statement[0].NotResource entry \"photos\" is not"),
                Arguments.of("Resource and NotResource", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\",\"NotResource\":\"*\""),
                        "Statement[0] must have only one of Resource and NotResource, found both"),
                Arguments.of("no Resource", PolicyKind.IDENTITY, identity("\"Effect\":\"Allow\",\"Action\":\"*\""),
                        "Statement[0] must have Resource or NotResource"),
                // principals
                Arguments.of("resource policy without principal", PolicyKind.RESOURCE, "{\"Statement\":" + OK_STATEMENT + "}",
                        "Statement must have Principal or NotPrincipal"),
                Arguments.of("identity policy with principal", PolicyKind.IDENTITY, withPrincipal("\"*\""),
                        "Statement[0].Principal is not allowed in an identity policy"),
                Arguments.of("identity policy with NotPrincipal", PolicyKind.IDENTITY,
                        identity("\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"NotPrincipal\":\"*\""),
                        "Statement[0].NotPrincipal is not allowed in an identity policy"),
                Arguments.of("Principal and NotPrincipal", PolicyKind.RESOURCE,
                        identity("\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Principal\":\"*\",\"NotPrincipal\":\"*\""),
                        "Statement[0] must have only one of Principal and NotPrincipal, found both"),
                Arguments.of("bare user name", PolicyKind.RESOURCE, withPrincipal("{\"AWS\":\"bob\"}"),
                        "Statement[0].Principal.AWS value \"bob\" is not \"*\", a 12-digit account id"),
                Arguments.of("short account id", PolicyKind.RESOURCE, withPrincipal("{\"AWS\":[\"12345\"]}"),
                        "Statement[0].Principal.AWS value \"12345\" is not"),
                Arguments.of("root ARN with short account", PolicyKind.RESOURCE, withPrincipal("{\"AWS\":\"arn:aws:iam::12345:root\"}"),
                        "value \"arn:aws:iam::12345:root\" is not"),
                Arguments.of("wildcard inside a principal ARN", PolicyKind.RESOURCE,
                        withPrincipal("{\"AWS\":\"arn:aws:iam::123456789012:user/*\"}"), "value \"arn:aws:iam::123456789012:user/*\" is not"),
                Arguments.of("glacier ARN as principal", PolicyKind.RESOURCE,
                        withPrincipal("{\"AWS\":\"arn:aws:glacier:us-east-1:123456789012:vaults/x\"}"), "is not \"*\", a 12-digit account id"),
                Arguments.of("unknown principal type", PolicyKind.RESOURCE, withPrincipal("{\"Users\":\"x\"}"),
                        "Statement[0].Principal has unknown principal type \"Users\""),
                Arguments.of("account id as bare string", PolicyKind.RESOURCE, withPrincipal("\"123456789012\""),
                        "Statement[0].Principal must be \"*\" or an object"),
                Arguments.of("empty principal object", PolicyKind.RESOURCE, withPrincipal("{}"),
                        "Statement[0].Principal must be \"*\" or a non-empty object"),
                Arguments.of("empty AWS array", PolicyKind.RESOURCE, withPrincipal("{\"AWS\":[]}"),
                        "Statement[0].Principal.AWS must not be an empty array"),
                Arguments.of("numeric principal value", PolicyKind.RESOURCE, withPrincipal("{\"AWS\":123456789012}"),
                        "Statement[0].Principal.AWS must be a string or an array of strings, got 123456789012"),
                // conditions
                Arguments.of("Condition not an object", PolicyKind.IDENTITY, withCondition("[]"),
                        "Statement[0].Condition must be an object, got []"),
                Arguments.of("unknown operator", PolicyKind.IDENTITY, withCondition("{\"StringEqual\":{\"aws:username\":\"a\"}}"),
                        "Statement[0].Condition has unknown condition operator \"StringEqual\""),
                Arguments.of("operator in wrong case", PolicyKind.IDENTITY, withCondition("{\"stringEquals\":{\"aws:username\":\"a\"}}"),
                        "unknown condition operator \"stringEquals\""),
                Arguments.of("NullIfExists", PolicyKind.IDENTITY, withCondition("{\"NullIfExists\":{\"aws:username\":true}}"),
                        "unknown condition operator \"NullIfExists\""),
                Arguments.of("qualified Null", PolicyKind.IDENTITY, withCondition("{\"ForAnyValue:Null\":{\"aws:username\":true}}"),
                        "unknown condition operator \"ForAnyValue:Null\""),
                Arguments.of("unknown qualifier", PolicyKind.IDENTITY, withCondition("{\"ForSomeValues:StringEquals\":{\"aws:TagKeys\":\"a\"}}"),
                        "unknown condition operator \"ForSomeValues:StringEquals\""),
                Arguments.of("bare IfExists", PolicyKind.IDENTITY, withCondition("{\"IfExists\":{\"aws:username\":\"a\"}}"),
                        "unknown condition operator \"IfExists\""),
                Arguments.of("operator value not an object", PolicyKind.IDENTITY, withCondition("{\"StringEquals\":\"a\"}"),
                        "Statement[0].Condition.StringEquals must be an object of condition keys, got \"a\""),
                Arguments.of("empty key name", PolicyKind.IDENTITY, withCondition("{\"StringEquals\":{\"\":\"a\"}}"),
                        "Statement[0].Condition.StringEquals has an empty condition key name"),
                Arguments.of("object value", PolicyKind.IDENTITY, withCondition("{\"StringEquals\":{\"aws:username\":{\"a\":1}}}"),
                        "Statement[0].Condition.StringEquals.aws:username values must be strings, numbers or booleans, got {\"a\":1}"),
                Arguments.of("null value", PolicyKind.IDENTITY, withCondition("{\"StringEquals\":{\"aws:username\":[\"a\",null]}}"),
                        "values must be strings, numbers or booleans, got null"),
                Arguments.of("empty value array", PolicyKind.IDENTITY, withCondition("{\"StringEquals\":{\"aws:username\":[]}}"),
                        "Statement[0].Condition.StringEquals.aws:username must not be an empty array"),
                Arguments.of("non-numeric number", PolicyKind.IDENTITY,
                        withCondition("{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"a year\"}}"),
                        "Statement[0].Condition.NumericLessThan.glacier:ArchiveAgeInDays value \"a year\" is not a number"),
                Arguments.of("non-numeric number in IfExists", PolicyKind.IDENTITY,
                        withCondition("{\"NumericEqualsIfExists\":{\"glacier:ArchiveAgeInDays\":[1,\"x\"]}}"), "value \"x\" is not a number"),
                Arguments.of("bad date", PolicyKind.IDENTITY, withCondition("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"yesterday\"}}"),
                        "Statement[0].Condition.DateGreaterThan.aws:CurrentTime value \"yesterday\" is not an ISO 8601 date-time or epoch seconds"),
                Arguments.of("impossible date", PolicyKind.IDENTITY, withCondition("{\"DateLessThan\":{\"aws:CurrentTime\":\"2018-02-30\"}}"),
                        "value \"2018-02-30\" is not an ISO 8601 date-time"),
                Arguments.of("bad boolean", PolicyKind.IDENTITY, withCondition("{\"Bool\":{\"aws:SecureTransport\":\"yes\"}}"),
                        "Statement[0].Condition.Bool.aws:SecureTransport value \"yes\" is not true or false"),
                Arguments.of("bad Null value", PolicyKind.IDENTITY, withCondition("{\"Null\":{\"aws:username\":1}}"),
                        "Statement[0].Condition.Null.aws:username value \"1\" is not true or false"),
                Arguments.of("bad base64", PolicyKind.IDENTITY, withCondition("{\"BinaryEquals\":{\"aws:blob\":\"!!!\"}}"),
                        "value \"!!!\" is not base64"),
                Arguments.of("host name as IP", PolicyKind.IDENTITY, withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"example.com\"}}"),
                        "Statement[0].Condition.IpAddress.aws:SourceIp value \"example.com\" is not an IPv4 or IPv6 address or CIDR block"),
                Arguments.of("IPv4 octet out of range", PolicyKind.IDENTITY, withCondition("{\"NotIpAddress\":{\"aws:SourceIp\":\"10.0.0.256\"}}"),
                        "value \"10.0.0.256\" is not an IPv4 or IPv6 address"),
                Arguments.of("IPv4 prefix too long", PolicyKind.IDENTITY, withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/33\"}}"),
                        "value \"10.0.0.0/33\" has an invalid prefix length (0 to 32 allowed)"),
                Arguments.of("IPv6 with two gaps", PolicyKind.IDENTITY, withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"2001::db8::1\"}}"),
                        "value \"2001::db8::1\" is not an IPv4 or IPv6 address"),
                Arguments.of("dotted quad not at the end of IPv6", PolicyKind.IDENTITY,
                        withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"1.2.3.4::\"}}"), "value \"1.2.3.4::\" is not an IPv4 or IPv6 address"),
                Arguments.of("IPv6 with too many groups", PolicyKind.IDENTITY,
                        withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"1:2:3:4:5:6:7:8:9\"}}"), "is not an IPv4 or IPv6 address"),
                Arguments.of("IPv6 prefix too long", PolicyKind.IDENTITY, withCondition("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/129\"}}"),
                        "has an invalid prefix length (0 to 128 allowed)"),
                Arguments.of("ARN operator with non-ARN", PolicyKind.IDENTITY, withCondition("{\"ArnLike\":{\"aws:SourceArn\":\"photos\"}}"),
                        "Statement[0].Condition.ArnLike.aws:SourceArn value \"photos\" is not an ARN"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidDocuments")
    void rejectsInvalidDocumentsNamingTheProblem(String name, PolicyKind kind, String json, String expectedMessage) {
        assertThatThrownBy(() -> PolicyParser.parse(json, kind))
                .isInstanceOfSatisfying(GlacierException.class,
                        e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PARAMETER_VALUE))
                .hasMessageContaining(expectedMessage);
    }

    @Test
    void effectMessageIsExact() {
        String json = "{\"Statement\":[" + OK_STATEMENT + ",{\"Effect\":\"allow\",\"Action\":\"*\",\"Resource\":\"*\"}]}";

        assertThatThrownBy(() -> PolicyParser.parse(json, PolicyKind.IDENTITY))
                .hasMessage("Statement[1].Effect must be \"Allow\" or \"Deny\", got \"allow\"");
    }

    @Test
    void rejectsNull() {
        assertThatThrownBy(() -> PolicyParser.parse(null, PolicyKind.RESOURCE))
                .isInstanceOf(GlacierException.class)
                .hasMessage("Policy document is missing");
    }

    /** A valid document padded with trailing spaces inside the object to exactly {@code bytes} UTF-8 bytes. */
    private static String paddedTo(int bytes, String sid) {
        String head = "{\"Statement\":{\"Sid\":\"" + sid + "\",\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}";
        int headBytes = head.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        return head + " ".repeat(bytes - headBytes - 1) + "}";
    }

    @Test
    void acceptsExactly20480Bytes() {
        assertThat(PolicyParser.parse(paddedTo(20_480, "s"), PolicyKind.IDENTITY).statements()).hasSize(1);
    }

    @Test
    void rejects20481Bytes() {
        assertThatThrownBy(() -> PolicyParser.parse(paddedTo(20_481, "s"), PolicyKind.IDENTITY))
                .isInstanceOf(GlacierException.class)
                .hasMessage("Policy document is 20481 bytes; the maximum is 20480 bytes");
    }

    @Test
    void sizeIsCountedInUtf8BytesNotCharacters() {
        // 4,000 two-byte characters: well under 20,480 characters, but over 20,480 bytes once padded.
        String json = paddedTo(20_500, "é".repeat(4_000));
        assertThat(json.length()).isLessThan(20_480);

        assertThatThrownBy(() -> PolicyParser.parse(json, PolicyKind.IDENTITY))
                .hasMessageContaining("is 20500 bytes");
    }

    @Test
    void storedFailClosedReturnsTheParsedPolicyWhenValid() {
        Policy policy = PolicyParser.parseStoredFailClosed(LEGAL_HOLD, PolicyKind.RESOURCE);

        assertThat(policy.statements()).hasSize(2);
        assertThat(policy.statements().get(1).effect()).isEqualTo(Effect.ALLOW);
    }

    @Test
    void storedFailClosedTurnsGarbageIntoDenyEverything() {
        Policy policy = PolicyParser.parseStoredFailClosed("{not json", PolicyKind.RESOURCE);

        assertThat(policy.kind()).isEqualTo(PolicyKind.RESOURCE);
        assertThat(policy.statements()).singleElement().satisfies(statement -> {
            assertThat(statement.effect()).isEqualTo(Effect.DENY);
            assertThat(statement.conditions()).isEmpty();
        });
    }

    @Test
    void storedFailClosedHandlesNull() {
        assertThat(PolicyParser.parseStoredFailClosed(null, PolicyKind.IDENTITY).statements())
                .singleElement().extracting(Statement::effect).isEqualTo(Effect.DENY);
    }
}
