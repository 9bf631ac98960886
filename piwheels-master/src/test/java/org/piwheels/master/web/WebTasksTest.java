package org.piwheels.master.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.piwheels.db.Database;
import org.piwheels.db.testing.PiwheelsDatabaseExtension;
import org.piwheels.db.testing.TestDatabase;
import org.piwheels.master.TestConfigs;
import org.piwheels.master.clients.DbClient;
import org.piwheels.master.clients.WebClient;
import org.piwheels.master.db.DatabaseRouter;
import org.piwheels.master.db.DatabaseWorker;
import org.piwheels.master.task.Task;
import org.piwheels.master.task.TaskContext;
import org.piwheels.protocol.transport.Transport;

/** The page-request debouncer and the site writer as tasks, on a real database and web root. */
@ExtendWith(PiwheelsDatabaseExtension.class)
class WebTasksTest {
    private Transport transport;
    private TaskContext context;
    private Path out;
    private final List<Task> tasks = new ArrayList<>();
    private TestDatabase db;

    @BeforeEach
    void start(TestDatabase db, @TempDir Path out) throws Exception {
        this.db = db;
        this.out = out;
        transport = new Transport();
        // every test here runs with a site address of its own, which pagesLinkToTheConfiguredSiteAddress checks
        context = new TaskContext(TestConfigs.inproc(out).withBaseUrl("http://farm.example:8080/"), transport,
                Clock.systemUTC());
        tasks.add(new DatabaseRouter(context));
        tasks.add(new DatabaseWorker(context, 1, Database.open(db.config())));
        startWebTasks();
    }

    private void startWebTasks() throws Exception {
        List<Task> web = List.of(new SiteWriterTask(context), new PageRequestDebouncer(context));
        for (Task t : tasks) {
            if (!t.isAlive()) {
                t.start();
            }
        }
        for (Task t : web) {
            t.start();
        }
        tasks.addAll(web);
        for (Task t : tasks) {
            assertThat(t.awaitReady(Duration.ofSeconds(30))).isTrue();
        }
    }

    private void stopWebTasks() throws Exception {
        for (int i = tasks.size() - 1; i >= 2; i--) {
            tasks.get(i).quit();
            assertThat(tasks.get(i).join(Duration.ofSeconds(10))).isTrue();
            assertThat(tasks.get(i).failure()).isNull();
            tasks.remove(i);
        }
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = tasks.size() - 1; i >= 0; i--) {
            tasks.get(i).quit();
            tasks.get(i).join(Duration.ofSeconds(10));
        }
        transport.close();
    }

    @Test
    void firstRequestIsWrittenAtOnceAndLaterOnesCoalesce() throws Exception {
        try (DbClient dbc = new DbClient(transport, context.config().dbQueue());
             WebClient web = new WebClient(transport, context.config().webQueue())) {
            dbc.newPackage("foo", "", "Does foo");
            dbc.newVersion("foo", "1.0", Instant.parse("2024-05-17T12:00:00Z"), "");
            web.both("foo");
            Path simple = out.resolve("simple/foo/index.html");
            Path project = out.resolve("project/foo/index.html");
            // written at once, not after the window (3 s in these dev-mode tests)
            assertThat(simple).exists();
            assertThat(project).exists();
            assertThat(Files.readString(project)).contains("Does foo");

            dbc.setDescription("foo", "Does foo better");
            web.project("foo");
            web.project("foo");
            assertThat(Files.readString(project)).doesNotContain("better");
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.readString(project).contains("better") && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Files.readString(project)).contains("Does foo better");
        }
    }

    @Test
    void pagesLinkToTheConfiguredSiteAddress() throws Exception {
        try (DbClient dbc = new DbClient(transport, context.config().dbQueue());
             WebClient web = new WebClient(transport, context.config().webQueue())) {
            dbc.newPackage("foo", "", "Does foo");
            dbc.newVersion("foo", "1.0", Instant.parse("2024-05-17T12:00:00Z"), "");
            web.both("foo");
            assertThat(Files.readString(out.resolve("project/foo/index.html")))
                    .contains("http://farm.example:8080/project/foo/")
                    .doesNotContain("www.piwheels.org/project/foo");
        }
    }

    @Test
    void pendingRewritesSurviveARestart() throws Exception {
        try (DbClient dbc = new DbClient(transport, context.config().dbQueue())) {
            dbc.newPackage("bar", "", "Bar");
            try (WebClient web = new WebClient(transport, context.config().webQueue())) {
                web.project("bar"); // written at once
                web.both("bar"); // buffered
            }
            stopWebTasks();
            assertThat(db.dal().loadRewritesPending()).extracting(r -> r.packageName() + " " + r.command())
                    .containsExactly("bar BOTH");
            Files.deleteIfExists(out.resolve("simple/bar/index.html"));
            startWebTasks();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Files.exists(out.resolve("simple/bar/index.html")) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(out.resolve("simple/bar/index.html")).exists();
        }
    }

    @Test
    void wheelsGetTheirCoreMetadataAnnouncedWithItsHash() throws Exception {
        try (java.sql.Connection admin = db.adminConnection()) {
            org.piwheels.db.testing.Fixtures.abis(admin);
        }
        String v7 = "tiny-1.0-cp34-cp34m-linux_armv7l.whl";
        String v6 = "tiny-1.0-cp34-cp34m-linux_armv6l.whl";
        String metadata = "Metadata-Version: 2.1\nName: tiny\nVersion: 1.0\n\n";
        // the wheel as the file receiver leaves it: in place, with its armv6l link, no .metadata yet
        Path dir = Files.createDirectories(out.resolve("simple/tiny"));
        java.io.ByteArrayOutputStream zipBytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(zipBytes)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("tiny/__init__.py"));
            zip.putNextEntry(new java.util.zip.ZipEntry("tiny-1.0.dist-info/METADATA"));
            zip.write(metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        Files.write(dir.resolve(v7), zipBytes.toByteArray());
        Files.createSymbolicLink(dir.resolve(v6), Path.of(v7));
        String wheelHash = sha256(zipBytes.toByteArray());
        String metaHash = sha256(metadata.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (DbClient dbc = new DbClient(transport, context.config().dbQueue());
             WebClient web = new WebClient(transport, context.config().webQueue())) {
            dbc.newPackage("tiny", "", "Tiny");
            dbc.newVersion("tiny", "1.0", Instant.parse("2024-05-17T12:00:00Z"), "");
            List<org.piwheels.protocol.records.FileState> files = new ArrayList<>();
            for (String name : List.of(v7, v6)) {
                files.add(new org.piwheels.protocol.records.FileState(name, zipBytes.size(), wheelHash, "tiny", "1.0",
                        "cp34", "cp34m", name.contains("armv7l") ? "linux_armv7l" : "linux_armv6l", null,
                        java.util.Map.of("apt", List.of(), "pip", List.of()), "/simple"));
            }
            dbc.logBuild(new org.piwheels.protocol.records.BuildState(1, "tiny", "1.0", "cp34m", true,
                    Duration.ofSeconds(3), "built", files));
            web.both("tiny");
        }
        assertThat(Files.readString(out.resolve("simple/tiny/" + v7 + ".metadata"))).isEqualTo(metadata);
        assertThat(Files.readSymbolicLink(out.resolve("simple/tiny/" + v6 + ".metadata")).toString()).isEqualTo(v7 + ".metadata");
        String page = Files.readString(out.resolve("simple/tiny/index.html"));
        for (String name : List.of(v7, v6)) {
            assertThat(page).contains("<a href=\"/simple/tiny/" + name + "#sha256=" + wheelHash + "\" data-core-metadata=\"sha256="
                    + metaHash + "\" data-dist-info-metadata=\"sha256=" + metaHash + "\">" + name + "</a>");
        }
        assertThat(Files.readString(out.resolve("simple/tiny/index.v1.json")))
                .contains("\"core-metadata\":{\"sha256\":\"" + metaHash + "\"}");
        // a wheel published before schema 0.23-j5 is hashed from the web root once; the hash is then stored
        var files = db.dal().getProjectData("tiny").releases().get("1.0").files();
        assertThat(files.get(v7).coreMetadataHash()).isEqualTo(metaHash);
        assertThat(files.get(v6).coreMetadataHash()).isEqualTo(metaHash);
    }

    @Test
    void theStoredCoreMetadataHashIsAnnouncedWithoutReadingTheFile() throws Exception {
        String wheel = "small-2.0-py3-none-any.whl";
        Path dir = Files.createDirectories(out.resolve("simple/small"));
        Files.writeString(dir.resolve(wheel), "the wheel");
        // what the database says the metadata is, and a .metadata file that no longer matches it:
        // the page must carry the stored hash, proving it read neither the wheel nor the file
        String stored = sha256("Name: small\nVersion: 2.0\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Files.writeString(dir.resolve(wheel + ".metadata"), "something else");
        try (DbClient dbc = new DbClient(transport, context.config().dbQueue());
             WebClient web = new WebClient(transport, context.config().webQueue())) {
            dbc.newPackage("small", "", "Small");
            dbc.newVersion("small", "2.0", Instant.parse("2024-05-17T12:00:00Z"), "");
            dbc.logBuild(new org.piwheels.protocol.records.BuildState(1, "small", "2.0", "cp34m", true,
                    Duration.ofSeconds(3), "built", List.of(new org.piwheels.protocol.records.FileState(wheel, 9,
                    sha256("the wheel".getBytes(java.nio.charset.StandardCharsets.UTF_8)), "small", "2.0", "py3",
                    "none", "any", null, java.util.Map.of(), "/simple"))));
            dbc.setCoreMetadata(java.util.Map.of(wheel, stored));
            web.both("small");
        }
        assertThat(Files.readString(out.resolve("simple/small/index.html")))
                .contains("data-core-metadata=\"sha256=" + stored + "\" data-dist-info-metadata=\"sha256=" + stored + "\"");
        assertThat(Files.readString(out.resolve("simple/small/index.v1.json")))
                .contains("\"core-metadata\":{\"sha256\":\"" + stored + "\"}");
    }

    private static String sha256(byte[] bytes) throws Exception {
        return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
