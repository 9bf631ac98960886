package org.piwheels.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PackageNamesTest {
    @ParameterizedTest
    @CsvSource({
        "foo, foo",
        "Foo, foo",
        "Foo_Bar, foo-bar",
        "foo.bar, foo-bar",
        "foo__-._bar, foo-bar",
        "Django-REST-framework, django-rest-framework",
        "zope.interface, zope-interface",
        "_leading, -leading",
        "trailing., trailing-",
        "A1.B2, a1-b2",
    })
    void canonicalizesLikePep503(String name, String canonical) {
        assertThat(PackageNames.canonicalize(name)).isEqualTo(canonical);
    }
}
