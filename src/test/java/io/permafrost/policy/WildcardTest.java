package io.permafrost.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WildcardTest {

    @ParameterizedTest(name = "\"{0}\" vs \"{1}\" -> {2}")
    @CsvSource(delimiter = '|', emptyValue = "", textBlock = """
            *              | anything           | true
            *              | ''                 | true
            ''             | ''                 | true
            ''             | a                  | false
            *              | *a                 | true
            a*             | a*b                | true
            abc            | abc                | true
            abc            | abC                | false
            a*c            | abbbc              | true
            a*c            | ac                 | true
            a*c            | abcd               | false
            a?c            | abc                | true
            a?c            | ac                 | false
            *a*b*          | xxaxxbxx           | true
            *a*b*          | xxbxxaxx           | false
            vaults/ex*     | vaults/examplevault| true
            vaults/ex*     | vaults/other       | false
            ??             | ab                 | true
            ??             | abc                | false
            a*a*a*a*b      | aaaaaaaaaaaaaaaaaaa| false
            """)
    void matchesLikeAGlob(String pattern, String text, boolean expected) {
        assertThat(Wildcard.matches(pattern, text)).isEqualTo(expected);
    }

    /** Differential check against a regex built from the same pattern, over a tiny alphabet so that hits are common. */
    @Property
    void agreesWithRegexTranslation(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        String regex = pattern.chars()
                .mapToObj(c -> c == '*' ? ".*" : c == '?' ? "." : Pattern.quote(Character.toString(c)))
                .reduce("", String::concat);
        assertThat(Wildcard.matches(pattern, text)).isEqualTo(Pattern.compile(regex, Pattern.DOTALL).matcher(text).matches());
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars('a', 'b', '*', '?').ofMaxLength(6);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars('a', 'b', '*').ofMaxLength(8);
    }
}
