package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Clients of the original faafo against our API: its producer's exchange with exactly its headers,
 * its contrib/test_api.py flow, the final original's /v1 path, flask-restless' search, paging and
 * Link header, list pages answered from memory (kept for 10 minutes here, so that the test sees
 * which change drops them), and the rules that keep an administrator's PUT from breaking a record.
 */
@ServerSettings("faafo.api.page-cache-millis=600000")
class OriginalClientsIT extends SystemIT {

  private static final String TASK =
      "\"width\":64,\"height\":48,\"iterations\":100,\"xa\":-2.0,\"xb\":2.0,\"ya\":-1.5,\"yb\":1.5";

  private static String admin() {
    return Api.basic(Api.admin());
  }

  /** The original producer's POST and PUT, headers as it sent them. */
  @Test
  void theOriginalProducersExchangeCreatesAndCompletesARecord() throws Exception {
    String uuid = UUID.randomUUID().toString();
    Api.Reply created =
        api.exchange(
            "POST",
            "api/fractal",
            "{\"uuid\":\"" + uuid + "\"," + TASK + "}",
            "Content-type",
            "application/json",
            "Accept",
            "text/plain");
    assertEquals(201, created.status(), created.text());
    assertTrue(created.contentType().startsWith("application/json"), created.contentType());
    assertEquals(uuid, created.json().getString("uuid"));
    await()
        .atMost(Deadline.forRendering(1, 64, 48, 100))
        .until(() -> "done".equals(Database.status(uuid)));
    String checksum = api.get("api/fractal/" + uuid).json().getString("checksum");

    Api.Reply result =
        api.exchange(
            "PUT",
            "api/fractal/" + uuid,
            "{\"uuid\":\"" + uuid + "\",\"duration\":0.25,\"checksum\":\"" + checksum + "\"}",
            "Content-type",
            "application/json",
            "Accept",
            "text/plain",
            "Authorization",
            admin());
    assertEquals(200, result.status(), result.text());
    assertEquals(0.25, result.json().getJsonNumber("duration").doubleValue());
    assertImagesMatch(List.of(uuid));

    Api.Reply contradicting =
        put(uuid, "{\"uuid\":\"" + uuid + "\",\"checksum\":\"" + "a".repeat(64) + "\"}");
    assertEquals(409, contradicting.status(), contradicting.text());
    assertEquals(
        "checksum",
        contradicting.json().getJsonArray("violations").getJsonObject(0).getString("field"));
    Api.Reply otherId = put(uuid, "{\"uuid\":\"" + UUID.randomUUID() + "\",\"duration\":1}");
    assertEquals(400, otherId.status(), otherId.text());
  }

  @Test
  void aRetriedCreateIsStoredOnceAndAnIdForAnotherFractalIsAConflict() {
    String uuid = UUID.randomUUID().toString();
    String body = "{\"uuid\":\"" + uuid + "\"," + TASK + "}";
    assertEquals(201, api.post("api/fractal", body).status());
    Api.Reply again = api.post("api/fractal", body);
    assertEquals(200, again.status(), again.text());
    assertEquals(uuid, again.json().getString("uuid"));
    Api.Reply other = api.post("api/fractal", body.replace("\"width\":64", "\"width\":65"));
    assertEquals(409, other.status(), other.text());
    assertEquals(1, Database.count("uuid = ?", uuid));
    assertEquals(64, api.get("api/fractal/" + uuid).json().getInt("width"));
    assertEquals(400, api.post("api/fractal", body.replace(uuid, uuid.toUpperCase())).status());
  }

  /** contrib/test_api.py of the original, with credentials and a checksum that agrees. */
  @Test
  void theOriginalTestApiFlow() throws Exception {
    String uuid = UUID.randomUUID().toString();
    Api.Reply created = api.post("api/fractal", "{\"uuid\":\"" + uuid + "\"," + TASK + "}");
    assertEquals(201, created.status(), created.text());
    assertEquals(200, api.get("api/fractal/" + uuid).status());
    Api.Reply list = api.get("api/fractal", "text/plain");
    assertEquals(200, list.status());
    assertTrue(list.json().getJsonArray("objects").toString().contains(uuid));
    await()
        .atMost(Deadline.forRendering(1, 64, 48, 100))
        .until(() -> "done".equals(Database.status(uuid)));
    String checksum = api.get("api/fractal/" + uuid).json().getString("checksum");
    Api.Reply updated = put(uuid, "{\"checksum\":\"" + checksum + "\",\"duration\":1.5}");
    assertEquals(200, updated.status(), updated.text());
    Api.Reply deleted =
        api.exchange("DELETE", "api/fractal/" + uuid, null, "Authorization", admin());
    assertEquals(204, deleted.status());
    assertEquals(404, api.get("api/fractal/" + uuid).status());
    assertEquals(404, api.get("api/fractal/not-a-uuid").status());
    assertEquals(404, api.get("api/fractal/not-a-uuid").json().getInt("status"));
  }

  /** The final original's path: /v1/fractal answers as /api/fractal, by the same rules. */
  @Test
  void theFinalOriginalsV1PathServesTheSameResource() throws Exception {
    String uuid = UUID.randomUUID().toString();
    Api.Reply created = api.post("v1/fractal", "{\"uuid\":\"" + uuid + "\"," + TASK + "}");
    assertEquals(201, created.status(), created.text());
    // (its Location, and the Link headers of a list, name the resource's own path under /api)
    assertTrue(
        created.header("Location").endsWith("/api/fractal/" + uuid), created.header("Location"));
    assertEquals(uuid, api.get("api/fractal/" + uuid).json().getString("uuid"));

    Api.Reply invalid = api.post("v1/fractal", "{\"width\":0}");
    assertEquals(400, invalid.status(), invalid.text());
    assertEquals(400, invalid.json().getInt("status"));
    Api.Reply challenged =
        api.exchange("PUT", "v1/fractal/" + uuid, "{}", "Content-Type", "application/json");
    assertEquals(401, challenged.status(), challenged.text());

    await()
        .atMost(Deadline.forRendering(1, 64, 48, 100))
        .until(() -> "done".equals(Database.status(uuid)));
    JsonObject record = api.get("v1/fractal/" + uuid).json();
    assertEquals("done", record.getString("status"));
    Api.Reply image = api.exchange("GET", "v1/fractal/" + uuid + "/image", null);
    assertEquals(200, image.status());
    assertEquals("image/png", image.contentType());
    Api.Reply list = api.get("v1/fractal?results_per_page=1");
    assertEquals(200, list.status(), list.text());
    assertTrue(list.header("Link").contains("/api/fractal?"), list.header("Link"));
    assertEquals(1, list.json().getJsonArray("objects").size(), list.text());

    Api.Reply deleted =
        api.exchange("DELETE", "v1/fractal/" + uuid, null, "Authorization", admin());
    assertEquals(204, deleted.status(), deleted.text());
    assertEquals(404, api.get("v1/fractal/" + uuid).status());
    assertEquals(404, api.get("api/fractal/" + uuid).status());
  }

  @Test
  void unauthenticatedChangesAreChallengedExceptForTheGallery() {
    String uuid = api.post("api/fractal", "{" + TASK + "}").json().getString("uuid");
    Api.Reply challenged =
        api.exchange("PUT", "api/fractal/" + uuid, "{}", "Content-Type", "application/json");
    assertEquals(401, challenged.status());
    assertEquals("Basic realm=\"faafo\"", challenged.header("WWW-Authenticate"));
    Api.Reply gallery =
        api.exchange(
            "PUT",
            "api/fractal/" + uuid,
            "{}",
            "Content-Type",
            "application/json",
            "X-Requested-With",
            "XMLHttpRequest");
    assertEquals(401, gallery.status());
    assertEquals("", gallery.header("WWW-Authenticate"));
    Api.Reply openRead =
        api.exchange("GET", "api/fractal/" + uuid, null, "Authorization", Api.basic("x:wrong"));
    assertEquals(200, openRead.status(), "an open read ignores credentials");
  }

  /** Records only one test sees: it picks their iterations (7, 9), which no other test uses. */
  private static void searchRecord(int iterations, int width, String status, String generatedBy) {
    Database.update(
        "INSERT INTO fractal (uuid, width, height, iterations, xa, xb, ya, yb, status,"
            + " generated_by, reason, attempts, dispatched_at, created_at, updated_at)"
            + " VALUES (?, ?, 24, ?, -2, 2, -2, 2, ?, ?, ?, 1, UTC_TIMESTAMP(3) + INTERVAL 1 HOUR, UTC_TIMESTAMP(3),"
            + " UTC_TIMESTAMP(3))",
        UUID.randomUUID().toString(),
        width,
        iterations,
        status,
        generatedBy,
        "failed".equals(status) ? "test" : null);
  }

  private JsonObject search(String q) {
    Api.Reply reply = searchReply(q, "");
    assertEquals(200, reply.status(), q + ": " + reply.text());
    return reply.json();
  }

  private Api.Reply searchReply(String q, String more) {
    return api.get("api/fractal?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + more);
  }

  private long found(String filter) {
    return search(
            "{\"filters\":[{\"name\":\"iterations\",\"op\":\"eq\",\"val\":7}," + filter + "]}")
        .getJsonNumber("num_results")
        .longValue();
  }

  @Test
  void searchWithEveryOperatorOrderLimitOffsetAndSingle() {
    for (int i = 1; i <= 25; i++) {
      searchRecord(7, i * 10, i % 5 == 0 ? "failed" : i % 2 == 0 ? "done" : "pending", "node-" + i);
    }
    assertEquals(1, found("{\"name\":\"width\",\"op\":\"==\",\"val\":30}"));
    assertEquals(1, found("{\"name\":\"width\",\"op\":\"eq\",\"val\":30}"));
    assertEquals(24, found("{\"name\":\"width\",\"op\":\"!=\",\"val\":30}"));
    assertEquals(24, found("{\"name\":\"width\",\"op\":\"neq\",\"val\":30}"));
    assertEquals(2, found("{\"name\":\"width\",\"op\":\"<\",\"val\":30}"));
    assertEquals(2, found("{\"name\":\"width\",\"op\":\"lt\",\"val\":30}"));
    assertEquals(3, found("{\"name\":\"width\",\"op\":\"<=\",\"val\":30}"));
    assertEquals(3, found("{\"name\":\"width\",\"op\":\"le\",\"val\":30}"));
    assertEquals(22, found("{\"name\":\"width\",\"op\":\">\",\"val\":30}"));
    assertEquals(22, found("{\"name\":\"width\",\"op\":\"gt\",\"val\":30}"));
    assertEquals(23, found("{\"name\":\"width\",\"op\":\">=\",\"val\":30}"));
    assertEquals(23, found("{\"name\":\"width\",\"op\":\"ge\",\"val\":30}"));
    assertEquals(2, found("{\"name\":\"width\",\"op\":\"in\",\"val\":[10,30,35]}"));
    assertEquals(23, found("{\"name\":\"width\",\"op\":\"not_in\",\"val\":[10,30]}"));
    assertEquals(5, found("{\"name\":\"reason\",\"op\":\"is_not_null\"}"));
    assertEquals(20, found("{\"name\":\"reason\",\"op\":\"is_null\"}"));
    assertEquals(11, found("{\"name\":\"generated_by\",\"op\":\"like\",\"val\":\"node-1%\"}"));
    assertEquals(5, found("{\"name\":\"status\",\"op\":\"eq\",\"val\":\"failed\"}"));
    assertEquals(
        3,
        found(
            "{\"or\":[{\"name\":\"width\",\"op\":\"eq\",\"val\":10},"
                + "{\"and\":[{\"name\":\"width\",\"op\":\">\",\"val\":200},"
                + "{\"name\":\"status\",\"op\":\"eq\",\"val\":\"done\"}]}]}"));

    JsonObject ordered =
        search(
            "{\"filters\":[{\"name\":\"iterations\",\"op\":\"eq\",\"val\":7}],"
                + "\"order_by\":[{\"field\":\"width\",\"direction\":\"asc\"}],"
                + "\"limit\":5,\"offset\":2}");
    assertEquals(5, ordered.getInt("num_results"));
    List<Integer> widths =
        ordered.getJsonArray("objects").getValuesAs(JsonObject.class).stream()
            .map(o -> o.getInt("width"))
            .toList();
    assertEquals(List.of(30, 40, 50, 60, 70), widths);

    Api.Reply single =
        searchReply(
            "{\"filters\":[{\"name\":\"iterations\",\"op\":\"eq\",\"val\":7},"
                + "{\"name\":\"width\",\"op\":\"eq\",\"val\":120}],\"single\":true}",
            "");
    assertEquals(200, single.status(), single.text());
    assertEquals(120, single.json().getInt("width"));
    assertFalse(single.json().containsKey("objects"), "single gives the bare object");
    assertEquals(
        404,
        searchReply(
                "{\"filters\":[{\"name\":\"iterations\",\"op\":\"eq\",\"val\":7},"
                    + "{\"name\":\"width\",\"op\":\"eq\",\"val\":11}],\"single\":true}",
                "")
            .status());
    assertEquals(
        400,
        searchReply(
                "{\"filters\":[{\"name\":\"iterations\",\"op\":\"eq\",\"val\":7}],\"single\":1}",
                "")
            .status());
  }

  @Test
  void aBadSearchIs400NamingWhatIsWrong() {
    assertBad("{\"filters\":[{\"name\":\"colour\",\"op\":\"eq\",\"val\":1}]}", "colour");
    assertBad("{\"filters\":[{\"name\":\"width\",\"op\":\"near\",\"val\":1}]}", "near");
    assertBad("{\"filters\":[{\"name\":\"width\",\"op\":\"eq\",\"val\":\"wide\"}]}", "width");
    assertBad("{\"filters\":[{\"name\":\"width\",\"op\":\"eq\"}]}", "val");
    assertBad("{\"order_by\":[{\"field\":\"width\",\"direction\":\"up\"}]}", "direction");
    assertBad("{\"filters\":", "q");
    assertBad("[1]", "q");
  }

  private void assertBad(String q, String named) {
    Api.Reply reply = searchReply(q, "");
    assertEquals(400, reply.status(), q + ": " + reply.text());
    assertTrue(reply.text().contains(named), q + ": " + reply.text());
  }

  @Test
  void pagesAreClampedAndLinked() {
    for (int i = 1; i <= 25; i++) {
      searchRecord(9, i, "pending", "paging");
    }
    String only = "{\"filters\":[{\"name\":\"generated_by\",\"op\":\"eq\",\"val\":\"paging\"}]}";
    Api.Reply second = searchReply(only, "&page=2&results_per_page=10");
    assertEquals(200, second.status());
    assertEquals(25, second.json().getInt("num_results"));
    assertEquals(3, second.json().getInt("total_pages"));
    String link = second.header("Link");
    assertTrue(link.matches(".*page=3&results_per_page=10[^>]*>; ?rel=\"next\".*"), link);
    assertTrue(link.matches(".*page=3&results_per_page=10[^>]*>; ?rel=\"last\".*"), link);
    Api.Reply last = searchReply(only, "&page=3&results_per_page=10");
    assertFalse(last.header("Link").contains("next"), last.header("Link"));
    assertEquals(5, last.json().getJsonArray("objects").size());
    for (String junk : List.of("0", "-3", "abc", "")) {
      Api.Reply reply = api.get("api/fractal?results_per_page=" + junk);
      assertEquals(200, reply.status(), junk);
      assertTrue(reply.header("Link").contains("results_per_page=10"), junk);
    }
    Api.Reply clamped = api.get("api/fractal?results_per_page=1000");
    assertEquals(200, clamped.status());
    assertTrue(clamped.header("Link").contains("results_per_page=100"), clamped.header("Link"));
  }

  @Test
  void aListPageIsKeptUntilThisNodesApiChangesAFractal() {
    String page = "api/fractal?page=1&results_per_page=3";
    String first = api.post("api/fractal", "{" + TASK + "}").json().getString("uuid");
    // the newest three, whatever this class's other tests made before
    Api.Reply read = api.get(page);
    assertEquals(first, uuids(read).get(0));
    String etag = read.header("ETag");
    assertTrue(etag != null && etag.startsWith("\""), "a strong ETag: " + etag);
    assertEquals("no-cache", read.header("Cache-Control"));

    // a row another node (here: SQL) writes is not seen while the page is kept
    String elsewhere = Database.pendingRecord();
    Api.Reply kept = api.get(page);
    assertEquals(read.text(), kept.text());
    assertEquals(read.header("Link"), kept.header("Link"));
    assertEquals(etag, kept.header("ETag"));
    assertEquals(304, api.exchange("GET", page, null, "If-None-Match", etag).status());

    // a create through this node's API drops the kept pages: both are listed at once
    String second = api.post("api/fractal", "{" + TASK + "}").json().getString("uuid");
    Api.Reply fresh = api.get(page);
    assertEquals(List.of(second, elsewhere, first), uuids(fresh));
    assertFalse(etag.equals(fresh.header("ETag")), "a new page has a new ETag");
    assertEquals(200, api.exchange("GET", page, null, "If-None-Match", etag).status());

    // so do an administrator's PUT and DELETE
    Database.update("DELETE FROM fractal WHERE uuid = ?", elsewhere);
    assertEquals(List.of(second, elsewhere, first), uuids(api.get(page)));
    Api.Reply put =
        api.exchange(
            "PUT",
            "api/fractal/" + first,
            "{\"generated_by\":\"by-hand\"}",
            "Content-Type",
            "application/json",
            "Authorization",
            admin());
    assertEquals(200, put.status(), put.text());
    assertEquals(List.of(second, first), uuids(api.get(page)).subList(0, 2));
    Api.Reply delete =
        api.exchange("DELETE", "api/fractal/" + second, null, "Authorization", admin());
    assertEquals(204, delete.status(), delete.text());
    assertEquals(first, uuids(api.get(page)).get(0));
    // a search is never kept
    assertEquals(
        List.of(first),
        uuids(
            searchReply(
                "{\"filters\":[{\"name\":\"uuid\",\"op\":\"eq\",\"val\":\"" + first + "\"}]}",
                "")));
  }

  private static List<String> uuids(Api.Reply page) {
    assertEquals(200, page.status(), page.text());
    return page.json().getJsonArray("objects").getValuesAs(JsonObject.class).stream()
        .map(o -> o.getString("uuid"))
        .toList();
  }

  @Test
  void putTransitionsKeepEveryRecordConsistent() throws Exception {
    // allowed: pending -> failed (cancel), failed -> pending (retry: dispatched anew)
    String pending = Database.pendingRecord();
    assertEquals(200, put(pending, "{\"status\":\"failed\"}").status());
    assertEquals("failed", Database.status(pending));
    assertEquals(409, put(pending, "{\"status\":\"done\"}").status());
    Api.Reply retried = put(pending, "{\"status\":\"pending\"}");
    assertEquals(200, retried.status(), retried.text());
    await()
        .atMost(Deadline.forRendering(1, 24, 24, 32))
        .until(() -> "done".equals(Database.status(pending)));

    // refused on a done record: any status change, another checksum or size
    assertEquals(409, put(pending, "{\"status\":\"pending\"}").status());
    assertEquals(409, put(pending, "{\"status\":\"failed\"}").status());
    assertEquals(409, put(pending, "{\"size\":1}").status());

    // the race: an administrator cancels a task while it renders; the real result still lands
    String rendering =
        api.post(
                "api/fractal",
                "{\"width\":1400,\"height\":1400,\"iterations\":540,\"xa\":-0.4,\"xb\":0.4,"
                    + "\"ya\":-0.4,\"yb\":0.4,\"cx\":-0.12,\"cy\":0.75}")
            .json()
            .getString("uuid");
    // cancel once the task is on its way to a worker (a cancel before that means it is never
    // sent, which is right, but not the race this is about)
    await()
        .atMost(Deadline.forRendering(1, 0, 0, 0))
        .until(
            () ->
                !"0"
                    .equals(
                        Database.text("SELECT attempts FROM fractal WHERE uuid = ?", rendering)));
    Api.Reply cancelled = put(rendering, "{\"status\":\"failed\"}");
    assertTrue(cancelled.status() == 200 || cancelled.status() == 409, cancelled.text());
    await()
        .atMost(Deadline.forRendering(1, 1400, 1400, 540))
        .until(() -> "done".equals(Database.status(rendering)));
    assertImagesMatch(List.of(pending, rendering));
    Report.line(
        "admin PUT race",
        "a task cancelled while rendering (PUT "
            + cancelled.status()
            + "): its result stored, sha256(image) = checksum for every done record");
  }

  private void assertImagesMatch(List<String> uuids) throws Exception {
    for (String uuid : uuids) {
      JsonObject fractal = api.get("api/fractal/" + uuid).json();
      byte[] png = api.get("api/fractal/" + uuid + "/image").body();
      assertEquals(fractal.getString("checksum"), PipelineIT.sha256(png), uuid);
      assertEquals(fractal.getJsonNumber("size").longValue(), png.length, uuid);
    }
  }

  private Api.Reply put(String uuid, String body) {
    return api.exchange(
        "PUT",
        "api/fractal/" + uuid,
        body,
        "Content-Type",
        "application/json",
        "Authorization",
        admin());
  }
}
