package org.piwheels.master.pypi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every row of the event-handling table (components spec §5.11.3, conformance §19.4 28-36). */
class PypiEventHandlerTest {

    private static final Instant TS = Instant.parse("2024-01-02T03:04:05Z");
    private static final Instant TS2 = Instant.parse("2024-01-02T03:14:05Z");

    private InMemoryFollowerActions db;
    private Set<String> known;
    private PypiEventHandler handler;

    @BeforeEach
    void setUp() {
        db = new InMemoryFollowerActions();
        known = new HashSet<>();
        handler = new PypiEventHandler(db, known, false);
    }

    private static PypiEvent event(String name, String version, PypiAction action, String description) {
        return new PypiEvent(name, version, TS, action, description, 1);
    }

    /** Puts a package in the database and the known set without recording calls. */
    private void existing(String pkg) {
        db.packages.put(pkg, new InMemoryFollowerActions.Pkg("", ""));
        known.add(pkg);
    }

    @Test
    void createOfAnUnknownPackage() {
        handler.handle(event("foo", null, PypiAction.CREATE, "some description"));
        assertThat(db.calls).containsExactly(
                "NEWPKG [foo, , some description]",
                "NEWPKGNAME [foo, foo, " + TS + "]",
                "web BOTH foo",
                "NEWPKGNAME [foo, foo, " + TS + "]");
        assertThat(known).contains("foo");
    }

    @Test
    void devModeRegistersNewPackagesSkipped() {
        new PypiEventHandler(db, known, true).handle(event("foo", null, PypiAction.CREATE, "d"));
        assertThat(db.calls.get(0)).isEqualTo("NEWPKG [foo, development mode, d]");
        assertThat(db.packages.get("foo").skip()).isEqualTo("development mode");
    }

    @Test
    void theCanonicalSpellingIsStoredAndRegisteredFirstWithNoDate() {
        handler.handle(event("Foo", null, PypiAction.CREATE, "d"));
        assertThat(db.calls).containsExactly(
                "NEWPKG [foo, , d]",
                "NEWPKGNAME [foo, foo, null]", "NEWPKGNAME [foo, Foo, " + TS + "]",
                "web BOTH foo",
                "NEWPKGNAME [foo, foo, null]", "NEWPKGNAME [foo, Foo, " + TS + "]");
    }

    @Test
    void aPackageTheDatabaseAlreadyHadGetsItsDescriptionRefreshed() {
        db.packages.put("foo", new InMemoryFollowerActions.Pkg("", "old"));
        handler.handle(event("foo", null, PypiAction.CREATE, "new"));
        assertThat(db.calls).containsExactly("NEWPKG [foo, , new]", "SETDESC [foo, new]",
                "NEWPKGNAME [foo, foo, " + TS + "]");
        assertThat(db.packages.get("foo").description()).isEqualTo("new");
    }

    @Test
    void anUnknownDescriptionIsStoredEmptyAndNeverSet() {
        handler.handle(event("foo", "1.0", PypiAction.SOURCE, null));
        assertThat(db.calls).containsExactly(
                "NEWPKG [foo, , ]", "NEWPKGNAME [foo, foo, " + TS + "]", "web BOTH foo",
                "NEWPKGNAME [foo, foo, " + TS + "]",
                "NEWVER [foo, 1.0, " + TS + ", ]", "web BOTH foo");
    }

    @Test
    void aNewSourceVersionOfAKnownPackage() {
        existing("foo");
        handler.handle(event("foo", "1.0", PypiAction.SOURCE, "desc"));
        assertThat(db.calls).containsExactly("NEWPKGNAME [foo, foo, " + TS + "]",
                "NEWVER [foo, 1.0, " + TS + ", ]", "SETDESC [foo, desc]", "web BOTH foo");
    }

    @Test
    void aBinaryOnlyVersionIsDisabledAndEnabledWhenItsSourceArrives() {
        existing("foo");
        handler.handle(event("foo", "1.0", PypiAction.CREATE, null));
        assertThat(db.calls).containsExactly("NEWPKGNAME [foo, foo, " + TS + "]",
                "NEWVER [foo, 1.0, " + TS + ", binary only]", "web BOTH foo");
        db.calls.clear();
        handler.handle(event("foo", "1.0", PypiAction.SOURCE, "d"));
        assertThat(db.calls).containsExactly("NEWPKGNAME [foo, foo, " + TS + "]",
                "NEWVER [foo, 1.0, " + TS + ", ]", "GETSKIP [foo, 1.0]", "SKIPVER [foo, 1.0, ]",
                "web PROJECT foo");
        assertThat(db.versions.get(List.of("foo", "1.0")).skip()).isEmpty();
    }

    @Test
    void aRepeatedVersionOnlyRewritesThePages() {
        existing("foo");
        db.versions.put(List.of("foo", "1.0"), new InMemoryFollowerActions.Ver("", false, TS));
        handler.handle(event("foo", "1.0", PypiAction.SOURCE, "d"));
        handler.handle(event("foo", "1.0", PypiAction.CREATE, "d"));
        assertThat(db.callsExcept("NEWPKGNAME")).containsExactly(
                "NEWVER [foo, 1.0, " + TS + ", ]", "GETSKIP [foo, 1.0]", "web BOTH foo",
                "NEWVER [foo, 1.0, " + TS + ", binary only]", "web BOTH foo");
    }

    @Test
    void aSourceFileForAVersionSkippedForAnotherReasonLeavesItSkipped() {
        existing("foo");
        db.versions.put(List.of("foo", "1.0"), new InMemoryFollowerActions.Ver("broken", false, TS));
        handler.handle(event("foo", "1.0", PypiAction.SOURCE, null));
        assertThat(db.callsExcept("NEWPKGNAME")).containsExactly(
                "NEWVER [foo, 1.0, " + TS + ", ]", "GETSKIP [foo, 1.0]", "web BOTH foo");
        assertThat(db.versions.get(List.of("foo", "1.0")).skip()).isEqualTo("broken");
    }

    @Test
    void yankAndUnyank() {
        existing("foo");
        db.versions.put(List.of("foo", "1.0"), new InMemoryFollowerActions.Ver("", false, TS));
        handler.handle(event("foo", "1.0", PypiAction.YANK, null));
        assertThat(db.versions.get(List.of("foo", "1.0")).yanked()).isTrue();
        handler.handle(event("foo", "1.0", PypiAction.UNYANK, null));
        assertThat(db.versions.get(List.of("foo", "1.0")).yanked()).isFalse();
        assertThat(db.calls).containsExactly(
                "NEWPKGNAME [foo, foo, " + TS + "]", "YANKVER [foo, 1.0]", "web BOTH foo",
                "NEWPKGNAME [foo, foo, " + TS + "]", "UNYANKVER [foo, 1.0]", "web BOTH foo");
    }

    @Test
    void removingAPackageSkipsItWithdrawsItThenDeletesIt() {
        existing("foo");
        handler.handle(event("Foo", null, PypiAction.REMOVE, null));
        assertThat(db.calls).containsExactly("SKIPPKG [foo, deleted]", "web+skip DELPKG foo", "DELPKG foo");
        assertThat(known).doesNotContain("foo");
        assertThat(db.packages).doesNotContainKey("foo");
        db.calls.clear();
        // a later create inserts it again
        handler.handle(event("foo", null, PypiAction.CREATE, "back"));
        assertThat(db.calls.get(0)).isEqualTo("NEWPKG [foo, , back]");
        assertThat(db.packages).containsKey("foo");
    }

    @Test
    void removingAVersion() {
        existing("foo");
        db.versions.put(List.of("foo", "1.0"), new InMemoryFollowerActions.Ver("", false, TS));
        handler.handle(event("foo", "1.0", PypiAction.REMOVE, null));
        assertThat(db.calls).containsExactly("SKIPVER [foo, 1.0, deleted]", "web+skip DELVER [foo, 1.0]",
                "DELVER [foo, 1.0]");
        assertThat(db.versions).isEmpty();
        assertThat(known).contains("foo");
    }

    @Test
    void sillyLongNamesAndVersionsAreIgnored() {
        handler.handle(event("x".repeat(201), null, PypiAction.CREATE, "d"));
        handler.handle(event("foo", "1".repeat(201), PypiAction.SOURCE, "d"));
        handler.handle(event("foo", "1".repeat(201), PypiAction.REMOVE, null));
        assertThat(db.calls).isEmpty();
        handler.handle(event("x".repeat(200), "1".repeat(200), PypiAction.SOURCE, "d"));
        assertThat(db.calls).isNotEmpty();
    }

    @Test
    void aPackageIsOnlyKnownOnceTheDatabaseHasIt() {
        db.failAtCall(1);
        assertThatThrownBy(() -> handler.handle(event("foo", "1.0", PypiAction.SOURCE, "d")))
                .isInstanceOf(IllegalStateException.class);
        assertThat(known).doesNotContain("foo");
        handler.handle(event("foo", "1.0", PypiAction.SOURCE, "d"));
        assertThat(db.versions).containsKey(List.of("foo", "1.0"));
    }

    @Test
    void eventsUseTheirOwnTimestamp() {
        existing("foo");
        handler.handle(new PypiEvent("foo", "2.0", TS2, PypiAction.SOURCE, null, 5));
        assertThat(db.versions.get(List.of("foo", "2.0")).released()).isEqualTo(TS2);
    }
}
