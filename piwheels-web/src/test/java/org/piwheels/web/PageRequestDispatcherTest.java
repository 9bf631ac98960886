package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.protocol.messages.WebProtocol;
import org.piwheels.protocol.records.DownloadCounts;

class PageRequestDispatcherTest {
    @TempDir
    Path root;
    final Map<String, ProjectInput> db = new HashMap<>();
    final List<String> fileQueries = new ArrayList<>();
    PageRequestDispatcher dispatcher;

    @BeforeEach
    void setUp() {
        SiteWriter writer = new SiteWriter(SiteConfig.of(root), new MutableClock(Fixtures.NOW));
        writer.start(List.of());
        db.put("foo-bar", Fixtures.fooBar());
        ProjectSource source = new ProjectSource() {
            @Override
            public Optional<ProjectInput> project(String name) {
                return Optional.ofNullable(db.get(name));
            }

            @Override
            public Collection<String> versionFiles(String name, String version) {
                fileQueries.add(name + "==" + version);
                return List.of("foo_bar-1.0-py3-none-any.whl");
            }
        };
        dispatcher = new PageRequestDispatcher(writer, source,
                () -> List.of(new BlogPost("Hello", "https://blog.example/h/", Fixtures.NOW)));
    }

    @Test
    void everyRequestKindWritesItsFiles() throws IOException {
        assertThat(dispatcher.handle(new WebProtocol.Project("foo-bar"))).isTrue();
        assertThat(root.resolve("project/foo-bar/index.html")).exists();
        assertThat(root.resolve("simple/foo-bar")).doesNotExist();

        assertThat(dispatcher.handle(new WebProtocol.Both("foo-bar"))).isTrue();
        assertThat(root.resolve("simple/foo-bar/index.html")).exists();

        assertThat(dispatcher.handle(new WebProtocol.Home(Fixtures.stats()))).isTrue();
        assertThat(Files.readString(root.resolve("index.html"))).contains("Hello");
        assertThat(root.resolve("sitemap.xml")).exists();

        assertThat(dispatcher.handle(new WebProtocol.Search(Map.of("foo-bar", new DownloadCounts(1, 2))))).isTrue();
        assertThat(root.resolve("packages.json")).hasContent("[[\"foo-bar\",1,2]]");

        assertThat(dispatcher.handle(new WebProtocol.Log(7, "output"))).isTrue();
        assertThat(root.resolve("logs/0000/0000/0007.txt.gz")).exists();

        Files.writeString(root.resolve("simple/foo-bar/foo_bar-1.0-py3-none-any.whl"), "w");
        assertThat(dispatcher.handle(new WebProtocol.DelVer("foo-bar", "1.0"))).isTrue();
        assertThat(fileQueries).containsExactly("foo-bar==1.0");
        assertThat(root.resolve("simple/foo-bar/foo_bar-1.0-py3-none-any.whl")).doesNotExist();

        assertThat(dispatcher.handle(new WebProtocol.DelPkg("foo-bar"))).isTrue();
        assertThat(root.resolve("simple/foo-bar")).doesNotExist();
        assertThat(root.resolve("project/foo-bar")).doesNotExist();
    }

    @Test
    void aPackageTheDatabaseNoLongerKnowsIsSkippedAndFailuresAreReportedNotThrown() {
        assertThat(dispatcher.rewrite(new Rewrite("vanished", PageCommand.BOTH))).isTrue();
        assertThat(root.resolve("simple/vanished")).doesNotExist();
        assertThat(dispatcher.handle(new WebProtocol.DelPkg(".."))).isFalse();
        assertThat(dispatcher.handle(new WebProtocol.Log(-1, "bad id"))).isFalse();
        assertThat(root.resolve("simple")).isDirectory();
    }
}
