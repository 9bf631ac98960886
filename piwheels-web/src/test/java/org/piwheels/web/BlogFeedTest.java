package org.piwheels.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlogFeedTest {
    HttpServer server;
    final AtomicReference<String> body = new AtomicReference<>();
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger hits = new AtomicInteger();
    final MutableClock clock = new MutableClock(Fixtures.NOW);

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/posts.json", exchange -> {
            hits.incrementAndGet();
            byte[] b = body.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), b.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(b);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private BlogFeed feed() {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/posts.json");
        return new BlogFeed(url, clock, Duration.ofSeconds(5), Duration.ofMinutes(30));
    }

    @Test
    void postsAreParsedWithLinksResolvedAgainstTheBlogAndCachedForTheRefreshInterval() {
        body.set("{\"posts\": [{\"title\": \"New ABI\", \"link\": \"2024/01/abi/\", \"published\": \"2024-01-20T10:00:00+00:00\"},"
                + "{\"title\": \"Old\", \"link\": \"/2020/old/\", \"published\": \"2020-02-02\"},"
                + "{\"title\": \"\", \"link\": \"broken/\", \"published\": \"2020-02-02\"}]}");
        BlogFeed feed = feed();
        String base = "http://127.0.0.1:" + server.getAddress().getPort();
        assertThat(feed.latest()).containsExactly(
                new BlogPost("New ABI", base + "/2024/01/abi/", Instant.parse("2024-01-20T10:00:00Z")),
                new BlogPost("Old", base + "/2020/old/", Instant.parse("2020-02-02T00:00:00Z")));
        body.set("{\"posts\": []}");
        clock.advance(Duration.ofMinutes(29));
        assertThat(feed.latest()).hasSize(2);
        assertThat(hits.get()).isEqualTo(1);
        clock.advance(Duration.ofMinutes(1));
        assertThat(feed.latest()).isEmpty();
    }

    @Test
    void failuresKeepTheLastGoodListAndAnUnreachableFeedGivesNoPosts() {
        body.set("{\"posts\": [{\"title\": \"Kept\", \"link\": \"k/\", \"published\": \"2024-01-01T00:00:00\"}]}");
        BlogFeed feed = feed();
        assertThat(feed.latest()).hasSize(1);
        status.set(500);
        clock.advance(Duration.ofHours(1));
        assertThat(feed.latest()).extracting(BlogPost::title).containsExactly("Kept");
        body.set("not json");
        status.set(200);
        clock.advance(Duration.ofHours(1));
        assertThat(feed.latest()).extracting(BlogPost::title).containsExactly("Kept");

        server.stop(0);
        BlogFeed dead = feed();
        assertThat(dead.latest()).isEmpty();
    }

    @Test
    void atMostTenPostsAreKept() throws IOException {
        StringBuilder json = new StringBuilder("{\"posts\": [");
        for (int i = 0; i < 12; i++) {
            json.append(i == 0 ? "" : ",").append("{\"title\": \"p").append(i)
                    .append("\", \"link\": \"p/\", \"published\": \"2024-01-01T00:00:00Z\"}");
        }
        json.append("]}");
        assertThat(BlogFeed.parse(json.toString().getBytes(StandardCharsets.UTF_8), URI.create("https://b.example/")))
                .hasSize(10).first().extracting(BlogPost::url).isEqualTo("https://b.example/p/");
    }
}
