package org.piwheels.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequiresPythonTest {

    private static List<Integer> py3(int... minors) {
        return IntStream.of(minors).map(m -> 300 + m).boxed().toList();
    }

    @ParameterizedTest(name = "{0}: cp3{1} allowed={2}")
    @CsvSource(delimiter = ';', value = {
        ">=3.8; 7; false", ">=3.8; 8; true", ">=3.8; 11; true",
        ">=3.8.1; 8; true",          // some 3.8.z qualifies
        ">3.8; 8; true",             // 3.8.1 > 3.8
        "<3.8; 8; false", "<3.8; 7; true",
        "<=3.8; 8; true", "<=3.8; 9; false",
        "<3.8.2; 8; true",
        "==3.9.*; 9; true", "==3.9.*; 10; false",
        "!=3.9.*; 9; false", "!=3.9.*; 10; true",
        "!=3.9; 9; true",            // only 3.9.0 is ruled out
        "~=3.8; 7; false", "~=3.8; 12; true",
        "~=3.8.2; 8; true", "~=3.8.2; 9; false",
        "==3.10; 10; true", "==3.10; 11; false",
        ">=3.10.0rc1; 10; true", ">=3.10.0rc1; 9; false",
        ">=3.6.post1; 6; true",
        "'>=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*'; 3; false",
        "'>=2.7, !=3.0.*, !=3.1.*, !=3.2.*, !=3.3.*'; 4; true",
        "' >= 3.7 , < 4 '; 12; true",
        "'>=3.7,<3.11'; 11; false",
        "===3.9.1; 9; true", "===3.9.1; 8; false",
    })
    void minorVersions(String spec, int minor, boolean allowed) {
        assertThat(RequiresPython.parse(spec).allowsMinor(3, minor)).isEqualTo(allowed);
    }

    @Test
    void excludedPythonsAreEncodedMajorTimesHundredPlusMinor() {
        RequiresPython spec = RequiresPython.parse(">=3.4, <3.8");
        assertThat(spec.excludedPythons()).containsAll(List.of(200, 207, 300, 303, 308, 311, 399))
                .doesNotContainAnyElementsOf(py3(4, 5, 6, 7));
        assertThat(RequiresPython.parse(">=3.10").excludedPythons())
                .contains(207, 309).doesNotContain(310, 311, 399);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', nullValues = "NULL", value = {
        "NULL", "''", "'   '", "bogus", ">=three", "=>3.8", ">=3.8.*", "~=3", ">=3.8,", "3.8"
    })
    void emptyOrInvalidSpecifiersExcludeNothing(String spec) {
        RequiresPython parsed = RequiresPython.parse(spec);
        assertThat(parsed.constrains()).isFalse();
        assertThat(parsed.excludedPythons()).isEmpty();
    }

    @Test
    void pythonTwoOnlyExcludesEveryPythonThree() {
        assertThat(RequiresPython.parse("<3").excludedPythons())
                .hasSize(100).allMatch(v -> v >= 300);
    }
}
