package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.messaging.Queues;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * What a hostile client tries: tasks no constant search can satisfy, bodies that break parsers,
 * wrong media types, racing deletes, admin edits that would break a record, and poison messages
 * straight into the task queue. Each gets a clear answer (never a 5xx), stores nothing it should
 * not, and holds up nobody else's task.
 */
class HostileInputIT extends SystemIT {

  private static final String VALID =
      "{\"width\":64,\"height\":48,\"iterations\":100,\"xa\":-2.0,\"xb\":2.0,\"ya\":-1.5,\"yb\":1.5}";

  @Test
  void rectanglesWithoutAQualifyingConstantRenderAndHoldUpNobody() {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      uuids.add(
          api.created(
              "{\"width\":64,\"height\":64,\"iterations\":12,\"xa\":900,\"xb\":1000,"
                  + "\"ya\":900,\"yb\":1000}"));
      uuids.add(
          api.created(
              "{\"width\":64,\"height\":64,\"iterations\":500,\"xa\":0.3,\"xb\":0.3000000001,"
                  + "\"ya\":0.5,\"yb\":0.5000000001}"));
    }
    String healthy =
        api.created(
            "{\"width\":16,\"height\":16,\"iterations\":64,\"xa\":-2,\"xb\":2,\"ya\":-2,\"yb\":2}");
    await()
        .atMost(Deadline.forRendering(25, 64, 64, 500))
        .until(() -> "done".equals(Database.status(healthy)));
    await()
        .atMost(Deadline.forRendering(25, 64, 64, 500))
        .until(() -> uuids.stream().allMatch(uuid -> "done".equals(Database.status(uuid))));
    JsonObject far = api.get("api/fractal/" + uuids.get(0)).json();
    assertEquals(950.0, far.getJsonNumber("cx").doubleValue(), "the rectangle's centre");
    assertEquals(950.0, far.getJsonNumber("cy").doubleValue(), "the rectangle's centre");
    Report.line(
        "unrenderable rectangles",
        "24 tasks without a qualifying constant: 24 done (centre of the rectangle), a healthy"
            + " task behind them done, 0 failed");
  }

  @Test
  void bodiesThatBreakParsersGet400AndStoreNothing() {
    List<String> bodies =
        List.of(
            "[".repeat(1001),
            "{\"a\":".repeat(6000) + "1" + "}".repeat(6000),
            VALID.replace("\"width\":64", "\"width\":" + "9".repeat(1200)),
            VALID.replace("\"xa\":-2.0", "\"xa\":-2." + "0".repeat(1200)),
            VALID + " xyz",
            VALID + VALID,
            VALID.replace("\"width\":64", "\"width\":64.5"),
            "{\"width\":\"\\ud800\"}");
    long before = Database.count("1 = 1");
    for (String body : bodies) {
      Api.Reply reply = api.post("api/fractal", body);
      String shown = body.length() > 60 ? body.substring(0, 60) + "…" : body;
      assertEquals(400, reply.status(), shown + ": " + reply.text());
      assertEquals(400, reply.json().getInt("status"), shown);
      assertTrue(reply.json().getString("message").length() > 0, shown);
    }
    assertEquals(before, Database.count("1 = 1"));
    Report.line(
        "hostile bodies",
        bodies.size()
            + " bodies (deep nesting, long numbers, trailing content): all 400, 0 stored");
  }

  @Test
  void integersAreJudgedByValue() {
    for (String width : List.of("64", "64.0", "6.4e1", "640e-1")) {
      Api.Reply reply =
          api.post("api/fractal", VALID.replace("\"width\":64", "\"width\":" + width));
      assertEquals(201, reply.status(), width + ": " + reply.text());
      assertEquals(64, reply.json().getInt("width"), width);
    }
  }

  @Test
  void onlyApplicationJsonIsAccepted() {
    List<String> types =
        java.util.Arrays.asList(
            null, "*/*", "application/*", "application/json; charset=x-bogus-1", "text/plain");
    long before = Database.count("1 = 1");
    for (String type : types) {
      Api.Reply reply = api.send("POST", "api/fractal", type, VALID, null);
      assertEquals(415, reply.status(), type + ": " + reply.text());
      assertEquals(415, reply.json().getInt("status"), type);
    }
    assertEquals(before, Database.count("1 = 1"));
    for (String type : List.of("application/json", "application/json; charset=UTF-8")) {
      assertEquals(201, api.send("POST", "api/fractal", type, VALID, null).status(), type);
    }
  }

  @Test
  void ofConcurrentDeletesExactlyOneSucceeds() throws Exception {
    for (int round = 0; round < 5; round++) {
      String uuid = api.created(VALID);
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService clients = Executors.newFixedThreadPool(4);
      List<Future<Integer>> deletes = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        Callable<Integer> delete =
            () -> {
              start.await();
              return api.send("DELETE", "api/fractal/" + uuid, null, null, Api.admin()).status();
            };
        deletes.add(clients.submit(delete));
      }
      start.countDown();
      List<Integer> statuses = new ArrayList<>();
      for (Future<Integer> delete : deletes) {
        statuses.add(delete.get());
      }
      clients.shutdown();
      assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
      assertEquals(3, statuses.stream().filter(s -> s == 404).count(), statuses.toString());
    }
  }

  @Test
  void adminEditsCannotBreakARecord() throws Exception {
    String uuid = api.created(VALID);
    await()
        .atMost(Deadline.forRendering(1, 64, 48, 100))
        .until(() -> "done".equals(Database.status(uuid)));
    JsonObject done = api.get("api/fractal/" + uuid).json();
    String checksum = done.getString("checksum");
    long size = done.getJsonNumber("size").longValue();

    assertEquals(409, put(uuid, "{\"size\":" + (size + 1) + "}").status());
    assertEquals(409, put(uuid, "{\"checksum\":\"" + "0".repeat(64) + "\"}").status());
    assertEquals(409, put(uuid, "{\"status\":\"failed\"}").status());
    assertEquals(409, put(uuid, "{\"status\":\"pending\"}").status());
    Api.Reply conflict = put(uuid, "{\"status\":\"failed\",\"generated_by\":\"x\"}");
    assertEquals(
        "status", conflict.json().getJsonArray("violations").getJsonObject(0).getString("field"));
    assertEquals(400, put(uuid, "{\"generated_by\":\"\\ud800\"}").status());
    Api.Reply restated =
        put(uuid, "{\"checksum\":\"" + checksum + "\",\"size\":" + size + ",\"duration\":2.5}");
    assertEquals(200, restated.status(), restated.text());
    JsonObject after = api.get("api/fractal/" + uuid).json();
    assertEquals(done.getString("generated_by"), after.getString("generated_by"));
    assertEquals("done", after.getString("status"));
    byte[] png = api.get("api/fractal/" + uuid + "/image").body();
    assertEquals(checksum, PipelineIT.sha256(png));
    assertEquals(size, png.length);

    String pending = Database.pendingRecord();
    Api.Reply cancelled = put(pending, "{\"status\":\"failed\"}");
    assertEquals(200, cancelled.status(), cancelled.text());
    assertEquals(
        "cancelled by the administrator",
        Database.text("SELECT reason FROM fractal WHERE uuid = ?", pending));
    assertEquals(409, put(pending, "{\"size\":10}").status());
  }

  @Test
  void poisonTasksAreDeadLetteredOnTheirFirstDeliveryWithoutBackOff() throws Exception {
    long deadBefore = Adapter.consumerTotal(Queues.TASKS, "DeadLettered");
    List<String> uuids = new ArrayList<>();
    try (Broker broker = new Broker()) {
      for (int i = 0; i < 50; i++) {
        String uuid = Database.pendingRecord();
        uuids.add(uuid);
        String body =
            i % 2 == 0
                ? "{\"uuid\":\""
                    + uuid
                    + "\",\"width\":0,\"height\":8,\"iterations\":8,"
                    + "\"xa\":-1,\"xb\":1,\"ya\":-1,\"yb\":1}"
                : "not a task";
        broker.send(Queues.TASKS, uuid, body, false);
      }
    }
    String healthy =
        api.created(
            "{\"width\":16,\"height\":16,\"iterations\":64,\"xa\":-2,\"xb\":2,\"ya\":-2,\"yb\":2}");
    await()
        .atMost(Deadline.forRendering(51, 16, 16, 64))
        .until(
            () ->
                "done".equals(Database.status(healthy))
                    && uuids.stream().allMatch(uuid -> "failed".equals(Database.status(uuid))));
    assertTrue(
        Database.text("SELECT reason FROM fractal WHERE uuid = ?", uuids.get(0))
            .contains("can never be processed"));
    assertEquals(50, Adapter.consumerTotal(Queues.TASKS, "DeadLettered") - deadBefore);
    assertEquals(0, Adapter.consumerTotal(Queues.TASKS, "FailedDeliveries"));
    Report.line(
        "poison flood",
        "50 poison tasks injected into "
            + Queues.TASKS
            + ": 50 dead-lettered on their first delivery, 0 redelivered, 0 back-offs;"
            + " a healthy task behind them done");
  }

  @Test
  void aBundleHoldingAnImpossibleTaskFailsThatTaskAloneAndItsOthersAreDone() throws Exception {
    long deadBefore = Adapter.consumerTotal(Queues.TASKS, "DeadLettered");
    List<String> uuids =
        List.of(Database.pendingRecord(), Database.pendingRecord(), Database.pendingRecord());
    String impossible = uuids.get(1);
    // a record no worker takes, as if written by hand: 0 pixels wide
    Database.update("UPDATE fractal SET width = 0 WHERE uuid = ?", impossible);
    String bundle =
        uuids.stream()
            .map(
                uuid ->
                    "{\"uuid\":\""
                        + uuid
                        + "\",\"width\":"
                        + (uuid.equals(impossible) ? 0 : 24)
                        + ",\"height\":24,\"iterations\":32,\"xa\":-2,\"xb\":2,\"ya\":-2,\"yb\":2}")
            .collect(java.util.stream.Collectors.joining(",", "[", "]"));
    try (Broker broker = new Broker()) {
      broker.send(Queues.TASKS, null, bundle, false);
    }
    await()
        .atMost(Deadline.forRendering(3, 24, 24, 32))
        .until(
            () ->
                "done".equals(Database.status(uuids.get(0)))
                    && "done".equals(Database.status(uuids.get(2)))
                    && "failed".equals(Database.status(impossible)));
    assertTrue(
        Database.text("SELECT reason FROM fractal WHERE uuid = ?", impossible)
            .contains("can never be processed"));
    // the bundle, then the impossible task alone
    assertEquals(2, Adapter.consumerTotal(Queues.TASKS, "DeadLettered") - deadBefore);
    Report.line(
        "poison bundle",
        "a bundle of 3 tasks, one impossible, put into "
            + Queues.TASKS
            + ": dead-lettered whole, each task sent again alone; 2 done, the impossible one"
            + " failed");
  }

  @Test
  void dispatchRequestsThatCanNeverBeHandledAreDeadLetteredAtOnce() throws Exception {
    try (Broker broker = new Broker()) {
      broker.send(Queues.DISPATCH, "poison-1", "not a dispatch request", false);
      broker.send(Queues.DISPATCH, "poison-2", "[\"a JSON array\"]", false);
    }
    String healthy =
        api.created(
            "{\"width\":16,\"height\":16,\"iterations\":64,\"xa\":-2,\"xb\":2,\"ya\":-2,\"yb\":2}");
    await()
        .atMost(Deadline.forRendering(1, 16, 16, 64))
        .pollInterval(Duration.ofSeconds(1)) // rabbitmqctl costs a CPU-second a call
        .until(
            () ->
                "done".equals(Database.status(healthy))
                    && Adapter.consumerTotal(Queues.DISPATCH, "DeadLettered") == 2
                    // the broker's queue statistics follow within seconds
                    && Services.messages(Queues.DISPATCH_DEAD) == 2);
    assertEquals(0, Adapter.consumerTotal(Queues.DISPATCH, "FailedDeliveries"));
    Report.line(
        "poison dispatch requests",
        "2 unreadable requests put into "
            + Queues.DISPATCH
            + ": both in "
            + Queues.DISPATCH_DEAD
            + " on their first delivery, 0 redelivered; a fractal posted after them done");
  }

  @Test
  void aBodyTrickledSlowerThanTheLimitIsCutOffWith408() throws Exception {
    // it-server.properties: faafo.api.body-read-seconds=3; this client sends 1 byte a second, so
    // its body would be complete after about 80 s
    String body = VALID;
    long before = Database.count("1 = 1");
    try (java.net.Socket socket = new java.net.Socket(base.getHost(), base.getPort())) {
      socket.setSoTimeout(60_000); // bounds a failure: the server never answering
      java.io.OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /api/fractal HTTP/1.1\r\nHost: "
                  + base.getHost()
                  + "\r\nContent-Type: application/json\r\nContent-Length: "
                  + body.length()
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      out.flush();
      ExecutorService reader = Executors.newSingleThreadExecutor();
      // the answer is complete with its body; the listener closes the connection only later
      // (its idle timeout), draining what the client still sends
      java.util.concurrent.Future<String> answer =
          reader.submit(() -> oneResponse(socket.getInputStream()));
      int sent = 0;
      while (sent < body.length() - 1 && !answer.isDone()) {
        out.write(body.charAt(sent++));
        out.flush();
        Thread.sleep(1_000);
      }
      String response = answer.get();
      reader.shutdown();
      assertTrue(response.startsWith("HTTP/1.1 408"), response);
      assertTrue(response.contains("did not arrive within 3 s"), response);
      // cut off while the body was still trickling in, not when it would have been complete
      assertTrue(sent < body.length() - 1, "cut off after " + sent + " of " + body.length());
      Report.line(
          "slow client",
          "a body trickled at 1 byte/s: 408 after "
              + sent
              + " of its "
              + body.length()
              + " bytes (limit 3 s), nothing stored");
    }
    assertEquals(before, Database.count("1 = 1"));
  }

  /** One HTTP/1.1 response with a Content-Length body, read off a raw socket. */
  private static String oneResponse(java.io.InputStream in) throws java.io.IOException {
    java.io.ByteArrayOutputStream head = new java.io.ByteArrayOutputStream();
    while (!head.toString(java.nio.charset.StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
    }
    String text = head.toString(java.nio.charset.StandardCharsets.US_ASCII);
    java.util.regex.Matcher length =
        java.util.regex.Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(text);
    byte[] body = length.find() ? in.readNBytes(Integer.parseInt(length.group(1))) : new byte[0];
    return text + new String(body, java.nio.charset.StandardCharsets.UTF_8);
  }

  private Api.Reply put(String uuid, String body) {
    return api.send("PUT", "api/fractal/" + uuid, "application/json", body, Api.admin());
  }
}
