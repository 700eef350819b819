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

  /** The fuzz test's records: its widths stay below 18, the burst's are 20. */
  private static final String FUZZED = "width < 18";

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
                String type = mediaType(random);
                Api.Reply reply = api.send("POST", "api/fractal", type, body, null);
                statuses
                    .computeIfAbsent(reply.status(), s -> new AtomicInteger())
                    .incrementAndGet();
                if (reply.status() >= 500) {
                  problems.add(reply.status() + " for " + shorten(body) + ": " + reply.text());
                } else if (reply.status() == 201) {
                  List<JsonObject> fractals =
                      body.startsWith("[") ? reply.jsonArray() : List.of(reply.json());
                  for (JsonObject fractal : fractals) {
                    if (!wellFormed(fractal)) {
                      problems.add("malformed fractal " + fractal + " for " + body);
                    }
                    accepted.add(fractal.getString("uuid"));
                  }
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
    // every accepted task renders, the unrenderable-looking rectangles too
    await()
        .atMost(Deadline.forRendering(accepted.size(), 17, 17, 200))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> Database.count(FUZZED + " AND status = 'done'") == accepted.size());
    assertEquals(0, Database.count(FUZZED + " AND status <> 'done'"));
    int races = races(new ArrayList<>(accepted).subList(0, 50), problems);
    assertTrue(
        problems.isEmpty(),
        problems.size() + " problems, e.g. " + problems.stream().limit(5).toList());
    Report.line(
        "fuzz",
        "10000 requests (hostile corpus: deep nesting, long numbers, trailing content, odd media"
            + " types, lone surrogates, unrenderable rectangles, batches), statuses "
            + new java.util.TreeMap<>(statuses)
            + ", 0 5xx, "
            + accepted.size()
            + " accepted = "
            + accepted.size()
            + " stored = "
            + accepted.size()
            + " rendered; "
            + races
            + " DELETE/PUT races: each one 204, 0 5xx");
  }

  /**
   * Two DELETEs and two PUTs at once on each record: exactly one DELETE answers 204, the other 404;
   * the PUTs 200, 404 or 409; nothing 5xx; the record is gone afterwards.
   */
  private int races(List<String> uuids, List<String> problems) throws Exception {
    String admin = Api.admin();
    ExecutorService clients = Executors.newFixedThreadPool(4);
    try {
      for (String uuid : uuids) {
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<Future<Integer>> deletes = new ArrayList<>();
        List<Future<Integer>> puts = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
          deletes.add(
              clients.submit(
                  () -> {
                    start.await();
                    return api.send("DELETE", "api/fractal/" + uuid, null, null, admin).status();
                  }));
          puts.add(
              clients.submit(
                  () -> {
                    start.await();
                    return api.send(
                            "PUT",
                            "api/fractal/" + uuid,
                            "application/json",
                            "{\"status\":\"failed\",\"duration\":1}",
                            admin)
                        .status();
                  }));
        }
        start.countDown();
        List<Integer> deleted = new ArrayList<>();
        for (Future<Integer> delete : deletes) {
          deleted.add(delete.get());
        }
        for (Future<Integer> put : puts) {
          int status = put.get();
          if (status != 200 && status != 404 && status != 409) {
            problems.add("PUT racing a DELETE of " + uuid + " answered " + status);
          }
        }
        if (!deleted.contains(204) || !deleted.contains(404)) {
          problems.add("two DELETEs of " + uuid + " answered " + deleted);
        }
        if (Database.count("uuid = ?", uuid) != 0) {
          problems.add(uuid + " still stored after its DELETE");
        }
      }
    } finally {
      clients.shutdown();
    }
    return uuids.size();
  }

  /** Mostly application/json; otherwise a type the API must refuse with 415. */
  private static String mediaType(SplittableRandom random) {
    return switch (random.nextInt(40)) {
      case 0 -> "text/plain";
      case 1 -> null;
      case 2 -> "*/*";
      case 3 -> "application/*";
      case 4 -> "application/json; charset=x-bogus-1";
      case 5 -> "application/json; charset=UTF-8";
      default -> "application/json";
    };
  }

  private static String shorten(String body) {
    return body.length() > 200 ? body.substring(0, 200) + "…" : body;
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

  @Test
  void concurrentBatchesStoreEachFractalOnceWithoutDeadlockAndAllRender() throws Exception {
    // 21 × 21 is a size neither the fuzz test nor the burst sends; each batch inserts 32 records
    // in one transaction, eight at once, so their count updates meet (migration V4)
    String item =
        "{\"width\":21,\"height\":21,\"iterations\":40,\"xa\":-2,\"xb\":2,\"ya\":-2,\"yb\":2}";
    String batch = "[" + (item + ",").repeat(31) + item + "]";
    String batched = "width = 21 AND height = 21";
    long listedBefore = api.get("api/fractal").json().getJsonNumber("num_results").longValue();
    long deadlocksBefore = Database.deadlocks();
    ExecutorService clients = Executors.newFixedThreadPool(8);
    List<Future<Api.Reply>> posts = new ArrayList<>();
    for (int i = 0; i < 32; i++) {
      posts.add(clients.submit(() -> api.post("api/fractal", batch)));
    }
    Set<String> created = ConcurrentHashMap.newKeySet();
    for (Future<Api.Reply> post : posts) {
      Api.Reply reply = post.get();
      assertEquals(201, reply.status(), reply.text());
      reply.jsonArray().forEach(record -> created.add(record.getString("uuid")));
    }
    clients.shutdown();
    assertEquals(1_024, created.size());
    assertEquals(1_024, Database.count(batched));
    // the API would retry a deadlock's victim once, which would hide one: none may happen
    assertEquals(deadlocksBefore, Database.deadlocks(), "InnoDB deadlocks during the batches");
    assertEquals(
        listedBefore + 1_024,
        api.get("api/fractal").json().getJsonNumber("num_results").longValue(),
        "the kept count");
    await()
        .atMost(Deadline.forRendering(1_024, 21, 21, 40))
        .pollInterval(Duration.ofSeconds(2))
        .until(() -> Database.count(batched + " AND status = 'done'") == 1_024);
    Report.line("batches", "32 batches of 32 posted 8 at a time: 1024 stored once, 1024 done");
  }

  /** Valid tasks in whose rectangle the original's rule finds no Julia constant. */
  private static final String[] UNRENDERABLE = {
    "{\"width\":16,\"height\":16,\"iterations\":12,\"xa\":900,\"xb\":1000,\"ya\":900,\"yb\":1000}",
    "{\"width\":16,\"height\":16,\"iterations\":120,\"xa\":0.3,\"xb\":0.3000000001,"
        + "\"ya\":0.5,\"yb\":0.5000000001}",
    "{\"width\":17,\"height\":9,\"iterations\":200,\"xa\":-0.1,\"xb\":0.1,\"ya\":-0.1,\"yb\":0.1}"
  };

  /** {@code text} inside {@code depth} arrays or objects. */
  private static String nested(int depth, boolean arrays, String text) {
    String open = arrays ? "[" : "{\"a\":";
    String close = arrays ? "]" : "}";
    return open.repeat(depth) + text + close.repeat(depth);
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
      case 1 -> "[" + (text + ",").repeat(random.nextInt(1, 4)).replaceAll(",$", "]");
      case 2 -> "null";
      case 3 -> nested(random.nextInt(2, 3000), random.nextBoolean(), text);
      case 4 ->
          text.replaceFirst(
              "\"width\":[^,}]*", "\"width\":" + "9".repeat(random.nextInt(90, 2000)));
      case 5 -> text + (random.nextBoolean() ? " xyz" : text);
      case 6 -> text.replaceFirst("\\{", "{\"generated_by\":\"\\ud800\",");
      case 7 -> UNRENDERABLE[random.nextInt(UNRENDERABLE.length)];
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
