package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Volume: 10,000 generated requests, valid and hostile mixed, must never get a 5xx and must store
 * exactly what was accepted; a burst of 1,000 small tasks must drain completely. The producer's
 * timer is off here, so every record is one of these requests'.
 */
class LoadAndFuzzIT extends SystemIT {

  private static final java.util.regex.Pattern RANDOM_UUID =
      java.util.regex.Pattern.compile(
          "[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");

  private static final String[] FIELDS = {
    "width", "height", "iterations", "xa", "xb", "ya", "yb", "cx", "cy"
  };

  private static long ours(Timestamp since) {
    return Database.count("created_at >= ?", since);
  }

  @Test
  void tenThousandGeneratedRequestsNeverFailTheServerAndStoreExactlyTheAccepted() throws Exception {
    Timestamp since = Timestamp.from(Instant.now().minusSeconds(1));
    long before = ours(since);
    SplittableRandom seeds = new SplittableRandom(20261129L);
    Set<String> accepted = ConcurrentHashMap.newKeySet();
    Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<?>> runs = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      SplittableRandom random = seeds.split();
      runs.add(
          clients.submit(
              () -> {
                String body = body(random);
                Api.Reply reply =
                    random.nextInt(20) == 0
                        ? api.send("POST", "api/fractal", "text/plain", body, null)
                        : api.post("api/fractal", body);
                statuses
                    .computeIfAbsent(reply.status(), s -> new AtomicInteger())
                    .incrementAndGet();
                if (reply.status() >= 500) {
                  problems.add(reply.status() + " for " + body + ": " + reply.text());
                } else if (reply.status() == 201) {
                  JsonObject fractal = reply.json();
                  if (!wellFormed(fractal)) {
                    problems.add("malformed fractal " + fractal + " for " + body);
                  }
                  accepted.add(fractal.getString("uuid"));
                } else if (!reply.contentType().startsWith("application/json")
                    || reply.json().getInt("status") != reply.status()) {
                  problems.add("error without JSON body: " + reply.status() + " " + reply.text());
                }
              }));
    }
    for (Future<?> run : runs) {
      run.get();
    }
    clients.shutdown();
    assertTrue(
        problems.isEmpty(),
        problems.size() + " problems, e.g. " + problems.stream().limit(5).toList());
    assertTrue(accepted.size() > 200, "accepted " + accepted.size() + "; statuses " + statuses);
    assertTrue(
        statuses.getOrDefault(400, new AtomicInteger()).get() > 1000, "statuses " + statuses);
    assertEquals(before + accepted.size(), ours(since), "statuses " + statuses);
    for (String uuid : accepted) {
      assertEquals(1, Database.count("uuid = ?", uuid), uuid);
    }
    Report.line(
        "fuzz",
        "10000 requests, statuses "
            + new java.util.TreeMap<>(statuses)
            + ", 0 5xx, "
            + accepted.size()
            + " accepted = "
            + accepted.size()
            + " stored");
  }

  @Test
  void aBurstOfOneThousandSmallTasksDrainsCompletely() throws Exception {
    // 20 × 20 is a size the fuzz test never sends (its widths and heights stay below 18)
    String small =
        "{\"width\":20,\"height\":20,\"iterations\":80,\"xa\":-2,\"xb\":2,\"ya\":-2,\"yb\":2}";
    String burst = "width = 20 AND height = 20 AND iterations = 80";
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<Integer>> posts = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      posts.add(clients.submit(() -> api.post("api/fractal", small).status()));
    }
    for (Future<Integer> post : posts) {
      assertEquals(201, post.get());
    }
    clients.shutdown();
    assertEquals(1_000, Database.count(burst));
    await()
        .atMost(Deadline.forRendering(1_000, 20, 20, 80))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> Database.count(burst + " AND status = 'done'") == 1_000);
    Report.line("burst", "1000 tasks posted at once: 1000 done, 0 lost");
  }

  /** A request body: often valid, otherwise broken in one of the ways clients break them. */
  private static String body(SplittableRandom random) {
    StringBuilder json = new StringBuilder("{");
    boolean first = true;
    for (String field : FIELDS) {
      if (field.startsWith("c") && random.nextInt(3) > 0) {
        continue;
      }
      if (random.nextInt(25) == 0) {
        continue;
      }
      json.append(first ? "" : ",")
          .append('"')
          .append(field)
          .append("\":")
          .append(value(field, random));
      first = false;
    }
    if (random.nextInt(25) == 0) {
      json.append(first ? "" : ",").append("\"extra\":1");
    }
    json.append('}');
    String text = json.toString();
    return switch (random.nextInt(40)) {
      case 0 -> text.substring(0, random.nextInt(text.length()));
      case 1 -> "[" + text + "]";
      case 2 -> "null";
      default -> text;
    };
  }

  private static String value(String field, SplittableRandom random) {
    int kind = random.nextInt(30);
    if (kind == 0) {
      return "\"" + random.nextInt(100) + "\"";
    }
    if (kind == 1) {
      return "null";
    }
    if (kind == 2) {
      return random.nextBoolean() ? "1e999" : "-1e999";
    }
    if (kind == 3) {
      return "{}";
    }
    return switch (field) {
      case "width", "height" -> kind == 4 ? "1.5" : String.valueOf(random.nextInt(-2, 18));
      case "iterations" ->
          String.valueOf(random.nextBoolean() ? random.nextInt(65, 120) : random.nextInt(-5, 16));
      case "xa", "ya" -> String.valueOf(random.nextDouble(-3, 0.5));
      case "xb", "yb" -> String.valueOf(random.nextDouble(-0.5, 3));
      default -> String.valueOf(random.nextDouble(-2.5, 2.5));
    };
  }

  private static boolean wellFormed(JsonObject f) {
    int width = f.getInt("width");
    int height = f.getInt("height");
    int iterations = f.getInt("iterations");
    double xa = f.getJsonNumber("xa").doubleValue();
    double xb = f.getJsonNumber("xb").doubleValue();
    double ya = f.getJsonNumber("ya").doubleValue();
    double yb = f.getJsonNumber("yb").doubleValue();
    boolean constant = f.isNull("cx") == f.isNull("cy");
    return width >= 2
        && height >= 2
        && iterations >= 1
        && xa < xb
        && ya < yb
        && constant
        && Double.isFinite(xa)
        && Double.isFinite(yb)
        && "pending".equals(f.getString("status"))
        && RANDOM_UUID.matcher(f.getString("uuid")).matches();
  }
}
