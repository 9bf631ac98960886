package org.piwheels.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The latest blog posts for the home page, from the blog's {@code posts.json}
 * ({@code {"posts": [{"title", "link", "published"}, …]}}). 0.23 fetched it
 * with no timeout on every home-page write; this fetches with a short timeout,
 * at most once per refresh interval (also after a failure, so a dead blog does
 * not slow every write), and keeps the last good list when a fetch fails.
 */
public final class BlogFeed {
    /** The feed 0.23 reads. */
    public static final URI DEFAULT_URL = URI.create("https://blog.piwheels.org/posts.json");
    private static final Logger LOG = LoggerFactory.getLogger(BlogFeed.class);
    private static final int MAX_POSTS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI feedUrl;
    private final Clock clock;
    private final Duration timeout;
    private final Duration refresh;
    private final HttpClient http;
    private List<BlogPost> cached = List.of();
    private Instant nextFetch = Instant.MIN;

    /**
     * @param feedUrl the {@code posts.json} URL
     * @param clock   time source for the refresh interval
     * @param timeout connect and response timeout of one fetch
     * @param refresh how long a fetched list (or a failure) is kept before the next fetch
     */
    public BlogFeed(URI feedUrl, Clock clock, Duration timeout, Duration refresh) {
        this.feedUrl = feedUrl;
        this.clock = clock;
        this.timeout = timeout;
        this.refresh = refresh;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    /** @param feedUrl the feed @return a feed with a 5 s timeout and a 30 min refresh on the system clock */
    public static BlogFeed of(URI feedUrl) {
        return new BlogFeed(feedUrl, Clock.systemUTC(), Duration.ofSeconds(5), Duration.ofMinutes(30));
    }

    /** @return up to ten posts, newest as the feed orders them; empty if the feed was never reachable */
    public synchronized List<BlogPost> latest() {
        Instant now = clock.instant();
        if (now.isBefore(nextFetch)) {
            return cached;
        }
        nextFetch = now.plus(refresh);
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(feedUrl).timeout(timeout)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            if (response.statusCode() != 200) {
                LOG.warn("blog feed {} answered HTTP {}", feedUrl, response.statusCode());
                return cached;
            }
            cached = parse(response.body(), feedUrl.resolve("/"));
        } catch (IOException e) {
            LOG.warn("cannot fetch blog feed {}: {}", feedUrl, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return cached;
    }

    /**
     * @param json the feed document
     * @param site the blog's root URL, against which relative links resolve
     * @return the first ten well-formed posts
     */
    static List<BlogPost> parse(byte[] json, URI site) throws IOException {
        JsonNode posts = JSON.readTree(json).path("posts");
        List<BlogPost> result = new ArrayList<>();
        for (JsonNode p : posts) {
            if (result.size() == MAX_POSTS) {
                break;
            }
            String title = p.path("title").asText("");
            String link = p.path("link").asText("");
            Instant published = instant(p.path("published").asText(""));
            if (!title.isEmpty() && !link.isEmpty() && published != null) {
                result.add(new BlogPost(title, site.resolve(link).toString(), published));
            }
        }
        return List.copyOf(result);
    }

    private static Instant instant(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                try {
                    return LocalDate.parse(text).atStartOfDay().toInstant(ZoneOffset.UTC);
                } catch (DateTimeParseException e3) {
                    return null;
                }
            }
        }
    }
}
