package io.permafrost.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConditionContextTest {

    @Test
    void keysAreCaseInsensitiveAndValuesKeepTheirCase() {
        ConditionContext context = ConditionContext.builder().put("glacier:ArchiveAgeInDays", "10").put("aws:UserName", "Alice").build();

        assertThat(context.values("GLACIER:archiveageindays")).contains(List.of("10"));
        assertThat(context.values("glacier:ArchiveAgeinDays")).contains(List.of("10"));
        assertThat(context.values("aws:username")).contains(List.of("Alice"));
    }

    @Test
    void absentKeyIsEmptyOptionalButKeyWithoutValuesIsPresent() {
        ConditionContext context = ConditionContext.builder().put("aws:TagKeys", List.of()).build();

        assertThat(context.values("aws:SourceIp")).isEmpty();
        assertThat(context.values("aws:tagkeys")).contains(List.of());
    }

    @Test
    void laterPutReplacesEarlierOneInAnyCase() {
        ConditionContext context = ConditionContext.builder().put("aws:SourceIp", "1.1.1.1").put("AWS:SOURCEIP", "2.2.2.2", "3.3.3.3").build();

        assertThat(context.values("aws:sourceip")).contains(List.of("2.2.2.2", "3.3.3.3"));
    }

    @Test
    void addKeepsTheValuesOfKeysThatDifferOnlyInCase() {
        ConditionContext context = ConditionContext.builder().add("glacier:ResourceTag/LegalHold", "true")
                .add("glacier:ResourceTag/legalhold", "off").build();

        assertThat(context.values("glacier:resourcetag/LEGALHOLD")).contains(List.of("true", "off"));
    }

    @Test
    void isImmutableAfterBuild() {
        List<String> values = new ArrayList<>(List.of("a"));
        ConditionContext.Builder builder = ConditionContext.builder().put("k:k", values);
        ConditionContext context = builder.build();
        values.add("b");
        builder.put("k:other", "x");

        assertThat(context.values("k:k")).contains(List.of("a"));
        assertThat(context.values("k:other")).isEmpty();
        assertThatThrownBy(() -> context.values("k:k").orElseThrow().add("c")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void nullValuesAreRefused() {
        assertThatThrownBy(() -> ConditionContext.builder().put("k:k", "a", null)).isInstanceOf(NullPointerException.class);
    }
}
