package io.permafrost.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every operator through the public API: an identity policy allows the request only under the
 * condition, so ALLOW means the condition held and IMPLICIT_DENY that it did not.
 */
class ConditionOperatorsTest {
    private static final String MISSING = null;

    private final PolicyEvaluator evaluator = new PolicyEvaluator();

    /** @param text "key=v1,v2;key2=v3"; "key=" is one empty value, a bare "key" has no values; null means no keys */
    private boolean holds(String condition, String context) {
        Policy policy = PolicyParser.parse("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"glacier:*\",\"Resource\":\"*\","
                + "\"Condition\":" + condition + "}}", PolicyKind.IDENTITY);
        AuthorizationRequest request = Requests.as(Requests.ALICE, "glacier:DeleteArchive", Requests.VAULT, context(context));
        return evaluator.evaluate(request, List.of(policy), List.of()) == Decision.ALLOW;
    }

    private static ConditionContext context(String text) {
        ConditionContext.Builder builder = ConditionContext.builder();
        if (text != null) {
            for (String entry : text.split(";")) {
                String[] keyAndValues = entry.split("=", 2);
                List<String> values = keyAndValues.length == 1 ? List.of() : Arrays.asList(keyAndValues[1].split(",", -1));
                builder.put(keyAndValues[0], values);
            }
        }
        return builder.build();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // String
                Arguments.of("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "aws:username=alice", true),
                Arguments.of("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "aws:username=bob", false),
                Arguments.of("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "aws:username=Alice", false),
                Arguments.of("{\"StringEquals\":{\"aws:username\":\"alice\"}}", MISSING, false),
                Arguments.of("{\"StringEquals\":{\"aws:username\":[\"bob\",\"alice\"]}}", "aws:username=alice", true),
                Arguments.of("{\"StringEquals\":{\"AWS:UserName\":\"alice\"}}", "aws:username=alice", true),
                Arguments.of("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "AWS:USERNAME=alice", true),
                Arguments.of("{\"StringEquals\":{\"aws:username\":\"alice\"}}", "aws:username=x,alice", true),
                Arguments.of("{\"StringEquals\":{\"glacier:ResourceTag/legalhold\":\"true\"}}", "glacier:ResourceTag/LegalHold=true", true),
                Arguments.of("{\"StringEquals\":{\"aws:MultiFactorAuthAge\":300}}", "aws:MultiFactorAuthAge=300", true),
                Arguments.of("{\"StringNotEquals\":{\"aws:username\":\"alice\"}}", "aws:username=alice", false),
                Arguments.of("{\"StringNotEquals\":{\"aws:username\":\"alice\"}}", "aws:username=bob", true),
                Arguments.of("{\"StringNotEquals\":{\"aws:username\":\"alice\"}}", MISSING, true),
                Arguments.of("{\"StringNotEquals\":{\"aws:username\":[\"alice\",\"bob\"]}}", "aws:username=bob", false),
                Arguments.of("{\"StringNotEquals\":{\"aws:username\":[\"alice\",\"bob\"]}}", "aws:username=carol", true),
                Arguments.of("{\"StringNotEquals\":{\"aws:username\":\"alice\"}}", "aws:username=x,alice", false),
                Arguments.of("{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "aws:username=alice", true),
                Arguments.of("{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "aws:username=bob", false),
                Arguments.of("{\"StringEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", MISSING, false),
                Arguments.of("{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "aws:username=alice", false),
                Arguments.of("{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", "aws:username=bob", true),
                Arguments.of("{\"StringNotEqualsIgnoreCase\":{\"aws:username\":\"ALICE\"}}", MISSING, true),
                Arguments.of("{\"StringLike\":{\"aws:username\":\"al*\"}}", "aws:username=alice", true),
                Arguments.of("{\"StringLike\":{\"aws:username\":\"a?ice\"}}", "aws:username=alice", true),
                Arguments.of("{\"StringLike\":{\"aws:username\":\"al*\"}}", "aws:username=bob", false),
                Arguments.of("{\"StringLike\":{\"aws:username\":\"al*\"}}", MISSING, false),
                Arguments.of("{\"StringLike\":{\"glacier:ResourceTag/LegalHold\":\"\"}}", "glacier:ResourceTag/LegalHold=", true),
                Arguments.of("{\"StringLike\":{\"glacier:ResourceTag/LegalHold\":\"\"}}", "glacier:ResourceTag/LegalHold=x", false),
                Arguments.of("{\"StringNotLike\":{\"aws:username\":\"al*\"}}", "aws:username=alice", false),
                Arguments.of("{\"StringNotLike\":{\"aws:username\":\"al*\"}}", "aws:username=bob", true),
                Arguments.of("{\"StringNotLike\":{\"aws:username\":\"al*\"}}", MISSING, true),
                Arguments.of("{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}}", MISSING, true),
                Arguments.of("{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}}", "aws:username=bob", false),
                Arguments.of("{\"StringEqualsIfExists\":{\"aws:username\":\"alice\"}}", "aws:username=alice", true),
                Arguments.of("{\"StringNotLikeIfExists\":{\"aws:username\":\"al*\"}}", "aws:username=alice", false),
                Arguments.of("{\"StringNotLikeIfExists\":{\"aws:username\":\"al*\"}}", MISSING, true),
                // Numeric
                Arguments.of("{\"NumericEquals\":{\"glacier:ArchiveAgeInDays\":10}}", "glacier:ArchiveAgeInDays=10", true),
                Arguments.of("{\"NumericEquals\":{\"glacier:ArchiveAgeInDays\":\"10\"}}", "glacier:ArchiveAgeInDays=10.0", true),
                Arguments.of("{\"NumericEquals\":{\"glacier:ArchiveAgeInDays\":10}}", "glacier:ArchiveAgeInDays=11", false),
                Arguments.of("{\"NumericEquals\":{\"glacier:ArchiveAgeInDays\":10}}", "glacier:ArchiveAgeInDays=ten", false),
                Arguments.of("{\"NumericEquals\":{\"glacier:ArchiveAgeInDays\":10}}", MISSING, false),
                Arguments.of("{\"NumericNotEquals\":{\"glacier:ArchiveAgeInDays\":10}}", "glacier:ArchiveAgeInDays=10", false),
                Arguments.of("{\"NumericNotEquals\":{\"glacier:ArchiveAgeInDays\":10}}", "glacier:ArchiveAgeInDays=11", true),
                Arguments.of("{\"NumericNotEquals\":{\"glacier:ArchiveAgeInDays\":10}}", MISSING, true),
                Arguments.of("{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}", "glacier:ArchiveAgeInDays=10", true),
                Arguments.of("{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}", "glacier:ArchiveAgeInDays=365", false),
                Arguments.of("{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}", "glacier:ArchiveAgeInDays=400", false),
                Arguments.of("{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":\"365\"}}", MISSING, false),
                Arguments.of("{\"NumericLessThan\":{\"glacier:ArchiveAgeInDays\":1.5}}", "glacier:ArchiveAgeInDays=1.4", true),
                Arguments.of("{\"NumericLessThanEquals\":{\"glacier:ArchiveAgeinDays\":365}}", "glacier:ArchiveAgeInDays=365", true),
                Arguments.of("{\"NumericLessThanEquals\":{\"glacier:ArchiveAgeInDays\":365}}", "glacier:ArchiveAgeInDays=366", false),
                Arguments.of("{\"NumericGreaterThan\":{\"glacier:ArchiveAgeInDays\":365}}", "glacier:ArchiveAgeInDays=366", true),
                Arguments.of("{\"NumericGreaterThan\":{\"glacier:ArchiveAgeInDays\":365}}", "glacier:ArchiveAgeInDays=365", false),
                Arguments.of("{\"NumericGreaterThanEquals\":{\"glacier:ArchiveAgeInDays\":365}}", "glacier:ArchiveAgeInDays=365", true),
                Arguments.of("{\"NumericGreaterThanEquals\":{\"glacier:ArchiveAgeInDays\":365}}", "glacier:ArchiveAgeInDays=364", false),
                Arguments.of("{\"NumericLessThanIfExists\":{\"glacier:ArchiveAgeInDays\":365}}", MISSING, true),
                Arguments.of("{\"NumericLessThanIfExists\":{\"glacier:ArchiveAgeInDays\":365}}", "glacier:ArchiveAgeInDays=400", false),
                // Date
                Arguments.of("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00Z\"}}", "aws:CurrentTime=2019-01-01T00:00:00Z", true),
                Arguments.of("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00Z\"}}", "aws:CurrentTime=2018-01-01T00:00:00Z", false),
                Arguments.of("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00Z\"}}", "aws:CurrentTime=2018-12-31T00:00:00Z", false),
                Arguments.of("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00Z\"}}", "aws:CurrentTime=1546300800", true),
                Arguments.of("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00Z\"}}", "aws:CurrentTime=not a date", false),
                Arguments.of("{\"DateGreaterThan\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00Z\"}}", MISSING, false),
                Arguments.of("{\"DateLessThan\":{\"aws:EpochTime\":1546214400}}", "aws:EpochTime=2018-12-30T23:59:59Z", true),
                Arguments.of("{\"DateLessThan\":{\"aws:EpochTime\":1546214400}}", "aws:EpochTime=1546214400", false),
                Arguments.of("{\"DateLessThan\":{\"aws:EpochTime\":1.7E9}}", "aws:EpochTime=1699999999", true),
                Arguments.of("{\"DateLessThan\":{\"aws:EpochTime\":1.7E9}}", "aws:EpochTime=1700000000", false),
                Arguments.of("{\"DateLessThanEquals\":{\"aws:EpochTime\":\"1546214400\"}}", "aws:EpochTime=1546214400", true),
                Arguments.of("{\"DateLessThanEquals\":{\"aws:EpochTime\":\"1546214400\"}}", "aws:EpochTime=1546214401", false),
                Arguments.of("{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00.000Z\"}}", "aws:CurrentTime=1546214400", true),
                Arguments.of("{\"DateGreaterThanEquals\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00Z\"}}", "aws:CurrentTime=1546214399", false),
                Arguments.of("{\"DateEquals\":{\"aws:CurrentTime\":\"2018-12-31\"}}", "aws:CurrentTime=2018-12-31T00:00:00Z", true),
                Arguments.of("{\"DateEquals\":{\"aws:CurrentTime\":\"2018-12-31T00:00:00\"}}", "aws:CurrentTime=2018-12-31T01:00:00+01:00", true),
                Arguments.of("{\"DateEquals\":{\"aws:CurrentTime\":\"2018-12-31\"}}", "aws:CurrentTime=2018-12-31T00:00:01Z", false),
                Arguments.of("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2018-12-31\"}}", "aws:CurrentTime=2018-12-31T00:00:00Z", false),
                Arguments.of("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2018-12-31\"}}", "aws:CurrentTime=2019-12-31T00:00:00Z", true),
                Arguments.of("{\"DateNotEquals\":{\"aws:CurrentTime\":\"2018-12-31\"}}", MISSING, true),
                Arguments.of("{\"DateGreaterThanIfExists\":{\"aws:CurrentTime\":\"2018-12-31\"}}", MISSING, true),
                // Bool
                Arguments.of("{\"Bool\":{\"aws:MultiFactorAuthPresent\":true}}", "aws:MultiFactorAuthPresent=true", true),
                Arguments.of("{\"Bool\":{\"aws:MultiFactorAuthPresent\":true}}", "aws:MultiFactorAuthPresent=false", false),
                Arguments.of("{\"Bool\":{\"aws:MultiFactorAuthPresent\":\"TRUE\"}}", "aws:MultiFactorAuthPresent=true", true),
                Arguments.of("{\"Bool\":{\"aws:MultiFactorAuthPresent\":true}}", MISSING, false),
                Arguments.of("{\"Bool\":{\"aws:SecureTransport\":\"false\"}}", "aws:SecureTransport=false", true),
                Arguments.of("{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":true}}", MISSING, true),
                Arguments.of("{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":true}}", "aws:MultiFactorAuthPresent=false", false),
                // Binary
                Arguments.of("{\"BinaryEquals\":{\"aws:blob\":\"QmluYXJ5\"}}", "aws:blob=QmluYXJ5", true),
                Arguments.of("{\"BinaryEquals\":{\"aws:blob\":\"QmluYXJ5\"}}", "aws:blob=b3RoZXI=", false),
                Arguments.of("{\"BinaryEquals\":{\"aws:blob\":\"QmluYXJ5\"}}", "aws:blob=%%%", false),
                Arguments.of("{\"BinaryEquals\":{\"aws:blob\":\"QmluYXJ5\"}}", MISSING, false),
                Arguments.of("{\"BinaryEqualsIfExists\":{\"aws:blob\":\"QmluYXJ5\"}}", MISSING, true),
                // IP
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=203.0.113.77", true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=203.0.114.1", false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=2001:db8::1", false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", MISSING, false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"10.64.0.0/10\"}}", "aws:SourceIp=10.127.255.255", true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"10.64.0.0/10\"}}", "aws:SourceIp=10.128.0.0", false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"0.0.0.0/0\"}}", "aws:SourceIp=192.0.2.1", true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"198.51.100.7\"}}", "aws:SourceIp=198.51.100.7", true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"198.51.100.7\"}}", "aws:SourceIp=198.51.100.8", false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", "aws:SourceIp=2001:db8:1::5", true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", "aws:SourceIp=2001:db9::1", false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"2001:db8::/32\"}}", "aws:SourceIp=192.0.2.1", false),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"::ffff:10.0.0.0/104\"}}", "aws:SourceIp=::ffff:10.1.2.3", true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":\"::1\"}}", "aws:SourceIp=0:0:0:0:0:0:0:1", true),
                Arguments.of("{\"IpAddress\":{\"aws:SourceIp\":[\"10.0.0.0/8\",\"192.168.0.0/16\"]}}", "aws:SourceIp=192.168.3.4", true),
                Arguments.of("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=203.0.113.77", false),
                Arguments.of("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", "aws:SourceIp=198.51.100.1", true),
                Arguments.of("{\"NotIpAddress\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", MISSING, true),
                Arguments.of("{\"IpAddressIfExists\":{\"aws:SourceIp\":\"203.0.113.0/24\"}}", MISSING, true),
                // ARN
                Arguments.of("{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/alice\"}}",
                        "aws:PrincipalArn=arn:aws:iam::111122223333:user/alice", true),
                Arguments.of("{\"ArnEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/alice\"}}",
                        "aws:PrincipalArn=arn:aws:iam::111122223333:user/bob", false),
                Arguments.of("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/*\"}}",
                        "aws:PrincipalArn=arn:aws:iam::111122223333:user/alice", true),
                Arguments.of("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/*\"}}",
                        "aws:PrincipalArn=arn:aws:iam::444455556666:user/alice", false),
                Arguments.of("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:*:*:*:*\"}}", "aws:PrincipalArn=not-an-arn", false),
                Arguments.of("{\"ArnLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/alice\"}}", MISSING, false),
                Arguments.of("{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/alice\"}}",
                        "aws:PrincipalArn=arn:aws:iam::111122223333:user/alice", false),
                Arguments.of("{\"ArnNotEquals\":{\"aws:PrincipalArn\":\"arn:aws:iam::111122223333:user/alice\"}}",
                        "aws:PrincipalArn=arn:aws:iam::111122223333:user/bob", true),
                Arguments.of("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/a*\"}}",
                        "aws:PrincipalArn=arn:aws:iam::111122223333:user/alice", false),
                Arguments.of("{\"ArnNotLike\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/a*\"}}", MISSING, true),
                Arguments.of("{\"ArnLikeIfExists\":{\"aws:PrincipalArn\":\"arn:aws:iam::*:user/a*\"}}", MISSING, true),
                // Null
                Arguments.of("{\"Null\":{\"aws:MultiFactorAuthAge\":true}}", MISSING, true),
                Arguments.of("{\"Null\":{\"aws:MultiFactorAuthAge\":true}}", "aws:MultiFactorAuthAge=30", false),
                Arguments.of("{\"Null\":{\"aws:MultiFactorAuthAge\":\"false\"}}", "aws:MultiFactorAuthAge=30", true),
                Arguments.of("{\"Null\":{\"aws:MultiFactorAuthAge\":false}}", MISSING, false),
                Arguments.of("{\"Null\":{\"aws:TagKeys\":true}}", "aws:TagKeys", true),
                // set qualifiers
                Arguments.of("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", "aws:TagKeys=b,c", true),
                Arguments.of("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", "aws:TagKeys=c", false),
                Arguments.of("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", MISSING, false),
                Arguments.of("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", "aws:TagKeys", false),
                Arguments.of("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", "aws:TagKeys=a,b", true),
                Arguments.of("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", "aws:TagKeys=a,c", false),
                Arguments.of("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"a\",\"b\"]}}", MISSING, true),
                Arguments.of("{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":\"a\"}}", "aws:TagKeys=a,b", true),
                Arguments.of("{\"ForAnyValue:StringNotEquals\":{\"aws:TagKeys\":\"a\"}}", "aws:TagKeys=a", false),
                Arguments.of("{\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":\"a\"}}", "aws:TagKeys=b,c", true),
                Arguments.of("{\"ForAllValues:StringNotEquals\":{\"aws:TagKeys\":\"a\"}}", "aws:TagKeys=a,b", false),
                Arguments.of("{\"ForAllValues:StringLike\":{\"aws:TagKeys\":\"team-*\"}}", "aws:TagKeys=team-a,team-b", true),
                Arguments.of("{\"ForAllValues:StringLike\":{\"aws:TagKeys\":\"team-*\"}}", "aws:TagKeys=team-a,owner", false),
                Arguments.of("{\"ForAnyValue:StringLikeIfExists\":{\"aws:TagKeys\":\"team-*\"}}", MISSING, true),
                Arguments.of("{\"ForAnyValue:NumericGreaterThan\":{\"a:n\":5}}", "a:n=1,9", true),
                Arguments.of("{\"ForAllValues:NumericGreaterThan\":{\"a:n\":5}}", "a:n=1,9", false),
                // AND across operators and keys
                Arguments.of("{\"StringEquals\":{\"a:k\":\"1\"},\"NumericLessThan\":{\"a:n\":5}}", "a:k=1;a:n=4", true),
                Arguments.of("{\"StringEquals\":{\"a:k\":\"1\"},\"NumericLessThan\":{\"a:n\":5}}", "a:k=1;a:n=5", false),
                Arguments.of("{\"StringEquals\":{\"a:k\":\"1\"},\"NumericLessThan\":{\"a:n\":5}}", "a:k=2;a:n=4", false),
                Arguments.of("{\"StringEquals\":{\"a:k\":\"1\",\"a:j\":\"2\"}}", "a:k=1;a:j=2", true),
                Arguments.of("{\"StringEquals\":{\"a:k\":\"1\",\"a:j\":\"2\"}}", "a:k=1;a:j=3", false),
                Arguments.of("{\"StringEquals\":{\"a:k\":\"1\",\"a:j\":\"2\"}}", "a:k=1", false));
    }

    @ParameterizedTest(name = "{0} with [{1}] -> {2}")
    @MethodSource("cases")
    void operatorSemantics(String condition, String context, boolean expected) {
        assertThat(holds(condition, context)).isEqualTo(expected);
    }
}
