package io.github.faafo.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.control.KeptCount;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The REST API as a consumer sees it: CRUD, paging, validation, errors and credentials. Its paging
 * tests write rows by SQL, as another node would, and list them at once, so list pages are not kept
 * in memory here (OriginalClientsIT shows how long they are).
 */
@ServerSettings("faafo.api.page-cache-millis=0")
class FractalApiIT extends SystemIT {

  private static final String VALID =
      "{\"width\":64,\"height\":48,\"iterations\":100,\"xa\":-2.0,\"xb\":2.0,\"ya\":-1.5,\"yb\":1.5}";

  /**
   * A client on another address, in a network namespace of a little network this test makes (the
   * machine's side is the bridge's address, which the node listens on too): reads go through over
   * plain HTTP, the administrator's credentials do not, and the record stays as it was.
   */
  @Test
  void theAdministratorsCredentialsOverPlainHttpFromAnotherAddressAreRefused() throws Exception {
    String uuid = api.post("api/fractal", VALID).json().getString("uuid");
    String net = "plainhttp";
    Path home = Path.of(System.getProperty("faafo.home"));
    String partitionNet = home.resolve("bin/partition-net").toString();
    Path header = home.resolve("target/plain-http-authorization");
    Path body = home.resolve("target/plain-http-body.json");
    try {
      Services.run(partitionNet, "up", net, "1");
      String namespace = Services.run(partitionNet, "namespace", net, "1").strip();
      String url =
          "http://"
              + Services.run(partitionNet, "address", net, "0").strip()
              + ":"
              + base.getPort()
              + "/api/fractal/"
              + uuid;
      // the credentials reach curl in a file of the test's own, never in its arguments
      Files.writeString(header, "Authorization: " + Api.basic(Api.admin()) + "\n");
      Files.setPosixFilePermissions(header, PosixFilePermissions.fromString("rw-------"));
      List<String> curl =
          List.of("ip", "netns", "exec", namespace, "curl", "-sS", "-o", body.toString(), "-w");
      String read =
          Services.run(
              Stream.concat(curl.stream(), Stream.of("%{http_code}", url)).toArray(String[]::new));
      assertEquals("200", read, "an anonymous read over plain HTTP from another address");
      String put =
          Services.run(
              Stream.concat(
                      curl.stream(),
                      Stream.of(
                          "%{http_code}",
                          "-X",
                          "PUT",
                          "-H",
                          "@" + header,
                          "-H",
                          "Content-Type: application/json",
                          "--data",
                          "{\"generated_by\":\"over-plain-http\"}",
                          url))
                  .toArray(String[]::new));
      String answer = Files.readString(body);
      assertEquals("403", put, "the administrator's PUT over plain HTTP from elsewhere: " + answer);
      assertTrue(answer.contains("HTTPS only"), answer);
      assertNotEquals(
          "\"over-plain-http\"",
          String.valueOf(api.get("api/fractal/" + uuid).json().get("generated_by")),
          "the refused PUT changed the record");
    } finally {
      Services.run(partitionNet, "down", net);
      Files.deleteIfExists(header);
      Files.deleteIfExists(body);
    }
  }

  @Test
  void createReadUpdateDelete() {
    Api.Reply created = api.post("api/fractal", VALID);
    assertEquals(201, created.status(), created.text());
    JsonObject fractal = created.json();
    String uuid = fractal.getString("uuid");
    assertEquals(64, fractal.getInt("width"));
    assertEquals("pending", fractal.getString("status"));
    for (String field :
        List.of("cx", "cy", "checksum", "duration", "size", "generated_by", "created_at")) {
      assertTrue(fractal.containsKey(field), field);
    }

    assertEquals(uuid, api.get("api/fractal/" + uuid).json().getString("uuid"));

    Api.Reply anonymous =
        api.send(
            "PUT", "api/fractal/" + uuid, "application/json", "{\"generated_by\":\"x\"}", null);
    assertEquals(401, anonymous.status());
    assertEquals(401, anonymous.json().getInt("status"));
    Api.Reply wrong =
        api.send(
            "PUT",
            "api/fractal/" + uuid,
            "application/json",
            "{\"generated_by\":\"x\"}",
            "admin:wrong");
    assertEquals(401, wrong.status());

    Api.Reply updated =
        api.send(
            "PUT",
            "api/fractal/" + uuid,
            "application/json",
            "{\"generated_by\":\"by-hand\",\"duration\":1.5}",
            Api.admin());
    assertEquals(200, updated.status(), updated.text());
    assertEquals("by-hand", updated.json().getString("generated_by"));
    assertEquals(1.5, updated.json().getJsonNumber("duration").doubleValue());

    assertEquals(401, api.send("DELETE", "api/fractal/" + uuid, null, null, null).status());
    assertEquals(204, api.send("DELETE", "api/fractal/" + uuid, null, null, Api.admin()).status());
    Api.Reply gone = api.get("api/fractal/" + uuid);
    assertEquals(404, gone.status());
    assertEquals("Not Found", gone.json().getString("error"));
    assertEquals(0, Database.count("uuid = ?", uuid));
  }

  @Test
  void aZoomNamesItsParentWhichMustExistThenAndMayGoLater() {
    String parent = api.post("api/fractal", VALID).json().getString("uuid");
    assertTrue(api.get("api/fractal/" + parent).json().isNull("parent"));
    String childId = UUID.randomUUID().toString();
    String child =
        VALID
            .replace("-2.0", "-1.0")
            .replace("{", "{\"uuid\":\"" + childId + "\",\"parent\":\"" + parent + "\",");
    Api.Reply created = api.post("api/fractal", child);
    assertEquals(201, created.status(), created.text());
    assertEquals(parent, created.json().getString("parent"));
    assertEquals(parent, api.get("api/fractal/" + childId).json().getString("parent"));
    String children =
        "{\"filters\":[{\"name\":\"parent\",\"op\":\"==\",\"val\":\"" + parent + "\"}]}";
    assertEquals(List.of(childId), listed("api/fractal?q=" + URLEncoder.encode(children, UTF_8)));

    long before = Database.count("1 = 1");
    String unknown = UUID.randomUUID().toString();
    Api.Reply orphan =
        api.post("api/fractal", VALID.replace("{", "{\"parent\":\"" + unknown + "\","));
    assertEquals(400, orphan.status(), orphan.text());
    JsonObject violation = orphan.json().getJsonArray("violations").getJsonObject(0);
    assertEquals("parent", violation.getString("field"));
    assertTrue(violation.getString("message").contains(unknown), orphan.text());
    Api.Reply malformed =
        api.post("api/fractal", VALID.replace("{", "{\"parent\":\"Not-A-Uuid\","));
    assertEquals(400, malformed.status(), malformed.text());
    assertEquals(
        "parent", malformed.json().getJsonArray("violations").getJsonObject(0).getString("field"));
    Api.Reply batch =
        api.post(
            "api/fractal",
            "["
                + VALID.replace("{", "{\"parent\":\"" + parent + "\",")
                + ","
                + VALID.replace("{", "{\"parent\":\"" + unknown + "\",")
                + "]");
    assertEquals(400, batch.status(), batch.text());
    assertEquals(
        "[1].parent", batch.json().getJsonArray("violations").getJsonObject(0).getString("field"));
    assertEquals(before, Database.count("1 = 1"));

    // the parent deleted later: the child keeps its link, and a retried create still answers it
    assertEquals(
        204, api.send("DELETE", "api/fractal/" + parent, null, null, Api.admin()).status());
    assertEquals(404, api.get("api/fractal/" + parent).status());
    assertEquals(parent, api.get("api/fractal/" + childId).json().getString("parent"));
    Api.Reply retried = api.post("api/fractal", child);
    assertEquals(200, retried.status(), retried.text());
    assertEquals(parent, retried.json().getString("parent"));
  }

  @Test
  void aBatchIsCreatedWholeInItsOrderOrNotAtAll() {
    String chosen = UUID.randomUUID().toString();
    String withChosen = VALID.replace("64", "32").replace("{", "{\"uuid\":\"" + chosen + "\",");
    String batch = "[" + VALID + "," + withChosen + "," + VALID.replace("100", "77") + "]";
    Api.Reply created = api.post("api/fractal", batch);
    assertEquals(201, created.status(), created.text());
    List<JsonObject> records = created.jsonArray();
    assertEquals(List.of(64, 32, 64), records.stream().map(r -> r.getInt("width")).toList());
    assertEquals(77, records.get(2).getInt("iterations"));
    assertEquals(chosen, records.get(1).getString("uuid"));
    for (JsonObject record : records) {
      assertEquals("pending", record.getString("status"));
      assertEquals(1, Database.count("uuid = ?", record.getString("uuid")));
    }

    // the same batch again (a client retrying): the same records, nothing new, 200
    long before = Database.count("1 = 1");
    Api.Reply again = api.post("api/fractal", "[" + withChosen + "]");
    assertEquals(200, again.status(), again.text());
    assertEquals(chosen, again.jsonArray().get(0).getString("uuid"));
    assertEquals(before, Database.count("1 = 1"));

    // one item in conflict with a stored record: 409 naming it, and the valid items are not stored
    Api.Reply conflict =
        api.post(
            "api/fractal",
            "["
                + VALID
                + ","
                + VALID.replace("64", "16").replace("{", "{\"uuid\":\"" + chosen + "\",")
                + "]");
    assertEquals(409, conflict.status(), conflict.text());
    assertEquals(
        "[1].uuid", conflict.json().getJsonArray("violations").getJsonObject(0).getString("field"));
    assertEquals(before, Database.count("1 = 1"));
  }

  static Stream<Arguments> badBatches() {
    String twice = UUID.randomUUID().toString();
    String withId = VALID.replace("{", "{\"uuid\":\"" + twice + "\",");
    return Stream.of(
        Arguments.of("[]", null),
        Arguments.of("[" + VALID + ",\"x\"]", null),
        Arguments.of("[" + VALID + "," + VALID.replace("64", "1") + "]", "[1].width"),
        Arguments.of("[" + VALID.replace("100", "\"a\"") + "]", "[0].iterations"),
        Arguments.of("[" + VALID.replace("{", "{\"colour\":1,") + "]", "[0].colour"),
        Arguments.of("[" + withId + "," + withId + "]", "[1].uuid"),
        Arguments.of(("[" + VALID + ",").repeat(101).replaceAll(",$", "]"), null));
  }

  @ParameterizedTest
  @MethodSource("badBatches")
  void aBadBatchGets400AndStoresNothing(String body, String field) {
    long before = Database.count("1 = 1");
    Api.Reply refused = api.post("api/fractal", body);
    assertEquals(400, refused.status(), refused.text());
    JsonObject error = refused.json();
    assertEquals(400, error.getInt("status"));
    assertTrue(!error.getString("message").isBlank());
    if (field != null) {
      List<String> fields =
          error.getJsonArray("violations").getValuesAs(JsonObject.class).stream()
              .map(v -> v.getString("field"))
              .toList();
      assertEquals(List.of(field), fields, refused.text());
    }
    assertEquals(before, Database.count("1 = 1"));
  }

  @Test
  void aDoneRecordIsServedFromMemoryWithAnETagUntilItChangesOrExpires() {
    String uuid = api.post("api/fractal", VALID.replace("64", "16")).json().getString("uuid");
    await()
        .atMost(Deadline.forRendering(1, 16, 48, 100))
        .until(() -> "done".equals(api.get("api/fractal/" + uuid).json().getString("status")));
    Api.Reply first = api.get("api/fractal/" + uuid);
    String etag = first.header("ETag");
    assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
    assertEquals("no-cache", first.header("Cache-Control"));
    Api.Reply again = api.get("api/fractal/" + uuid);
    assertEquals(first.text(), again.text());
    assertEquals(etag, again.header("ETag"));
    Api.Reply unchanged = api.exchange("GET", "api/fractal/" + uuid, null, "If-None-Match", etag);
    assertEquals(304, unchanged.status());
    assertEquals(0, unchanged.body().length);
    assertEquals(etag, unchanged.header("ETag"));

    // a change through this node is served at once, with a new tag
    Api.Reply changed =
        api.send(
            "PUT",
            "api/fractal/" + uuid,
            "application/json",
            "{\"generated_by\":\"by-hand\"}",
            Api.admin());
    assertEquals(200, changed.status(), changed.text());
    long cachedFrom = System.nanoTime();
    Api.Reply after = api.exchange("GET", "api/fractal/" + uuid, null, "If-None-Match", etag);
    assertEquals(200, after.status());
    assertEquals("by-hand", after.json().getString("generated_by"));
    assertTrue(!etag.equals(after.header("ETag")), after.header("ETag"));

    // a change another node made (here: straight in the database) is served once the copy kept
    // by that read expires (faafo.api.record-cache-seconds, 10 s by default), and not before
    Duration lifetime = Duration.ofSeconds(10);
    Database.update("UPDATE fractal SET generated_by = 'elsewhere' WHERE uuid = ?", uuid);
    String served = api.get("api/fractal/" + uuid).json().getString("generated_by");
    if (System.nanoTime() - cachedFrom < lifetime.toNanos()) {
      assertEquals("by-hand", served, "the kept answer, not a database read");
    }
    await()
        .atMost(lifetime.multipliedBy(2))
        .until(
            () ->
                "elsewhere"
                    .equals(api.get("api/fractal/" + uuid).json().getString("generated_by")));
    assertTrue(
        System.nanoTime() - cachedFrom >= lifetime.toNanos(),
        "read from the database before the kept answer expired");

    assertEquals(204, api.send("DELETE", "api/fractal/" + uuid, null, null, Api.admin()).status());
    assertEquals(404, api.get("api/fractal/" + uuid).status());
  }

  @Test
  void followingTheNextLinkWalksThePagesByTheLastFractalSeen() {
    for (int i = 0; i < 7; i++) {
      Database.pendingRecord();
    }
    List<String> expected = new java.util.ArrayList<>();
    try (var c = Database.connect();
        var rows = c.createStatement().executeQuery("SELECT uuid FROM fractal ORDER BY seq DESC")) {
      while (rows.next()) {
        expected.add(rows.getString(1));
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    List<String> walked = new java.util.ArrayList<>();
    String next = "api/fractal?page=1&results_per_page=2";
    while (next != null) {
      Api.Reply page = api.get(next);
      assertEquals(200, page.status(), page.text());
      page.json().getJsonArray("objects").getValuesAs(JsonObject.class).stream()
          .map(o -> o.getString("uuid"))
          .forEach(walked::add);
      java.util.regex.Matcher link =
          java.util.regex.Pattern.compile("<[^>]*/(api/fractal\\?[^>]*)>; ?rel=\"next\"")
              .matcher(page.header("Link"));
      next = link.find() ? link.group(1) : null;
      if (next != null) {
        assertTrue(next.contains("&after=" + walked.get(walked.size() - 1)), next);
      }
    }
    assertEquals(expected, walked);

    // a fractal deleted since falls back to the page number; a malformed one is refused
    String gone = expected.get(1);
    Database.update("DELETE FROM fractal WHERE uuid = ?", gone);
    List<String> second = listed("api/fractal?page=2&results_per_page=2&after=" + gone);
    assertEquals(List.of(expected.get(3), expected.get(4)), second);
    Api.Reply bad = api.get("api/fractal?after=nope");
    assertEquals(400, bad.status());
    assertEquals(
        "after", bad.json().getJsonArray("violations").getJsonObject(0).getString("field"));
  }

  @Test
  void listsNewestFirstInPages() {
    String first = api.post("api/fractal", VALID).json().getString("uuid");
    String second = api.post("api/fractal", VALID).json().getString("uuid");
    long countBefore = Database.count("1 = 1");
    JsonObject page = api.get("api/fractal?page=1&results_per_page=2").json();
    long countAfter = Database.count("1 = 1");
    assertEquals(2, page.getJsonArray("objects").size());
    assertEquals(1, page.getInt("page"));
    long total = page.getJsonNumber("num_results").longValue();
    assertTrue(countBefore <= total && total <= countAfter, "num_results counts the table");
    assertEquals((total + 1) / 2, page.getInt("total_pages"));
    List<String> newest =
        page.getJsonArray("objects").getValuesAs(JsonObject.class).stream()
            .map(o -> o.getString("uuid"))
            .toList();
    assertTrue(newest.contains(second) || newest.contains(first), newest.toString());
    assertEquals(400, api.get("api/fractal?page=0").status());
  }

  @Test
  void theListCountsEveryRecordWhoeverWritesItAndPagesByNumberThroughItsBlocks() {
    List<String> inserted = new java.util.ArrayList<>();
    for (int i = 0; i < 4; i++) {
      inserted.add(Database.pendingRecord());
    }
    // records as far apart in the creation order as if millions had been made between them, over
    // several of the blocks the database counts per 65,536 seq values, two on a block's edges
    long block = KeptCount.BLOCK;
    for (long seq :
        new long[] {3 * block + 7, 5 * block - 1, 5 * block, 5 * block + 1, 9 * block}) {
      inserted.add(Database.pendingRecordAt(seq));
    }
    api.post("api/fractal", VALID);
    Database.update("DELETE FROM fractal WHERE uuid = ?", inserted.get(0));
    // the block of 3 * block + 7 is left with no record
    Database.update("DELETE FROM fractal WHERE uuid = ?", inserted.get(4));
    long counted = Database.count("1 = 1");
    JsonObject first = api.get("api/fractal?page=1&results_per_page=2").json();
    assertEquals(counted, first.getJsonNumber("num_results").longValue());
    for (int size = 2; size <= 3; size++) {
      for (int page = 1; page <= (counted + size - 1) / size; page++) {
        assertEquals(
            newestFirst((page - 1) * size, size),
            listed("api/fractal?page=" + page + "&results_per_page=" + size),
            page + " of " + size);
      }
    }
    assertEquals(
        0, api.get("api/fractal?page=99&results_per_page=2").json().getJsonArray("objects").size());
  }

  /** The uuids of {@code limit} records from {@code offset} on, newest first, as SQL finds them. */
  private static List<String> newestFirst(int offset, int limit) {
    List<String> uuids = new java.util.ArrayList<>();
    try (var c = Database.connect();
        var statement =
            c.prepareStatement("SELECT uuid FROM fractal ORDER BY seq DESC LIMIT ? OFFSET ?")) {
      statement.setInt(1, limit);
      statement.setInt(2, offset);
      try (var rows = statement.executeQuery()) {
        while (rows.next()) {
          uuids.add(rows.getString(1));
        }
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
    return uuids;
  }

  static Stream<Arguments> badBodies() {
    return Stream.of(
        Arguments.of("{\"width\":", null),
        Arguments.of("[1,2]", null),
        Arguments.of(
            "{\"height\":48,\"iterations\":100,\"xa\":-2,\"xb\":2,\"ya\":-1,\"yb\":1}", "width"),
        Arguments.of(VALID.replace("\"width\":64", "\"width\":\"64\""), "width"),
        Arguments.of(VALID.replace("\"width\":64", "\"width\":64.5"), "width"),
        Arguments.of(VALID.replace("\"width\":64", "\"width\":0"), "width"),
        Arguments.of(VALID.replace("\"width\":64", "\"width\":100000"), "width"),
        Arguments.of(VALID.replace("\"iterations\":100", "\"iterations\":0"), "iterations"),
        Arguments.of(VALID.replace("\"xa\":-2.0", "\"xa\":3.0"), "xa"),
        Arguments.of(VALID.replace("\"ya\":-1.5", "\"ya\":1.5"), "ya"),
        Arguments.of(VALID.replace("\"xa\":-2.0", "\"xa\":-1e999"), "xa"),
        Arguments.of(VALID.replace("}", ",\"colour\":\"red\"}"), "colour"),
        Arguments.of(VALID.replace("}", ",\"cx\":0.3}"), "cy"),
        Arguments.of(VALID.replace("}", ",\"cx\":0.3,\"cy\":5}"), "cy"),
        Arguments.of(
            "{\"width\":4096,\"height\":4096,\"iterations\":10000,\"xa\":-2,\"xb\":2,\"ya\":-1,\"yb\":1}",
            "iterations"));
  }

  /** Every record: the producer's timer is off here, so each one was made by this class. */
  private static long records() {
    return Database.count("1 = 1");
  }

  @ParameterizedTest
  @MethodSource("badBodies")
  void badBodiesGet400NamingTheProblemAndStoreNothing(String body, String field) {
    long before = records();
    Api.Reply reply = api.post("api/fractal", body);
    assertEquals(400, reply.status(), reply.text());
    JsonObject error = reply.json();
    assertEquals(400, error.getInt("status"));
    assertTrue(error.getString("message").length() > 0);
    if (field != null) {
      assertTrue(
          error.getJsonArray("violations").getValuesAs(JsonObject.class).stream()
              .anyMatch(v -> field.equals(v.getString("field"))),
          reply.text());
    }
    assertEquals(before, records());
  }

  @Test
  void otherRefusalsAreJsonToo() {
    Api.Reply huge = api.post("api/fractal", "{\"pad\":\"" + "x".repeat(70_000) + "\"}");
    assertEquals(413, huge.status());
    assertEquals(413, huge.json().getInt("status"));

    Api.Reply xml = api.send("POST", "api/fractal", "application/xml", "<fractal/>", null);
    assertEquals(415, xml.status());
    assertEquals(415, xml.json().getInt("status"));

    Api.Reply patch = api.send("PATCH", "api/fractal", "application/json", "{}", null);
    assertEquals(405, patch.status());
    assertEquals(405, patch.json().getInt("status"));

    Api.Reply malformed = api.get("api/fractal/not-a-uuid");
    assertEquals(404, malformed.status());
    assertEquals(404, malformed.json().getInt("status"));

    Api.Reply unknown = api.get("api/fractal/" + UUID.randomUUID());
    assertEquals(404, unknown.status());
    assertEquals(404, unknown.json().getInt("status"));

    Api.Reply traversal = api.get("api/fractal/..%2F..%2Fetc%2Fpasswd/image");
    assertTrue(
        traversal.status() == 400 || traversal.status() == 404, "status " + traversal.status());
  }

  @Test
  void theOpenApiDocumentDescribesEveryOperationAndItsErrors() {
    Api.Reply reply = api.get("openapi", "application/json");
    assertEquals(200, reply.status(), reply.text());
    JsonObject document = reply.json();
    JsonObject paths = document.getJsonObject("paths");
    Map<String, List<String>> expected =
        Map.of(
            "/api/fractal", List.of("get", "post"),
            "/api/fractal/{uuid}", List.of("get", "put", "delete"),
            "/api/fractal/{uuid}/image", List.of("get"),
            "/api/fractal/{uuid}/thumbnail", List.of("get"));
    expected.forEach(
        (path, methods) -> {
          assertTrue(paths.containsKey(path), path + " in " + paths.keySet());
          for (String method : methods) {
            JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
            assertTrue(operation != null && operation.containsKey("summary"), method + " " + path);
            assertTrue(
                operation.getJsonObject("responses").keySet().stream()
                    .anyMatch(code -> code.startsWith("4")),
                "error responses of " + method + " " + path);
          }
        });
    JsonObject schemas = document.getJsonObject("components").getJsonObject("schemas");
    for (String schema :
        List.of("CreateFractalCommand", "FractalView", "FractalPage", "ErrorBody")) {
      assertTrue(schemas.containsKey(schema), schema + " in " + schemas.keySet());
    }
    JsonObject width =
        schemas
            .getJsonObject("CreateFractalCommand")
            .getJsonObject("properties")
            .getJsonObject("width");
    assertEquals(4096, width.getInt("maximum"), width.toString());
  }

  @Test
  void imageOfAPendingFractalIs404() {
    String uuid = Database.pendingRecord();
    try {
      Api.Reply image = api.get("api/fractal/" + uuid + "/image");
      assertEquals(404, image.status());
      assertTrue(image.json().getString("message").contains("no image yet"));
    } finally {
      Database.update("DELETE FROM fractal WHERE uuid = ?", uuid);
    }
  }

  /** The uuids of the page at {@code path}, in its order. */
  private List<String> listed(String path) {
    return api.get(path).json().getJsonArray("objects").getValuesAs(JsonObject.class).stream()
        .map(o -> o.getString("uuid"))
        .toList();
  }
}
