package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.jms.admin.RMQDestination;
import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.Queues;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Faults the system survives without losing a task: poison messages, a requestor that died,
 * duplicate deliveries, a broker restart, a database restart and a storage directory that takes no
 * files. The outages are of the class's own RabbitMQ node and MariaDB server ({@link
 * PrivateServers}), never of the machine's.
 */
@Tag(PrivateServers.TAG)
class FaultsIT extends SystemIT {

  /** How long clients may take to reconnect after a broker or database restart. */
  private static final Duration RECONNECT = Duration.ofSeconds(120);

  /** Reply timeout (8 s) and sweep interval (2 s) of it-server.properties, with room to spare. */
  private static final Duration SWEEP = Duration.ofSeconds(30);

  private static final String SMALL =
      "{\"width\":24,\"height\":24,\"iterations\":32,\"xa\":-2.0,\"xb\":2.0,\"ya\":-2.0,\"yb\":2.0}";

  private static String task(String uuid) {
    return MessageJson.toJson(
        new TaskMessage(uuid, new FractalParameters(24, 24, 32, -2.0, 2.0, -2.0, 2.0, null, null)));
  }

  @Test
  void poisonTasksAreDeadLetteredAndTheirRecordsFailed() throws Exception {
    String invalid = Database.pendingRecord();
    String unreadable = Database.pendingRecord();
    try (Broker broker = new Broker()) {
      broker.send(
          Queues.TASKS, invalid, task(invalid).replace("\"width\":24", "\"width\":0"), false);
      broker.send(Queues.TASKS, unreadable, "this is not a task", false);
    }
    await()
        .atMost(Deadline.forRendering(2, 24, 24, 32))
        .until(
            () ->
                "failed".equals(Database.status(invalid))
                    && "failed".equals(Database.status(unreadable)));
    String reason = Database.text("SELECT reason FROM fractal WHERE uuid = ?", invalid);
    assertTrue(reason.contains(Queues.TASKS_DEAD), reason);
    Report.line(
        "poison", "2 poison tasks (invalid, unreadable): 2 dead-lettered and failed, 0 looping");
  }

  @Test
  void aTaskTheBrokerDeadLetteredIsSentAgainWhileItsRecordHasDispatchesLeft() throws Exception {
    // as the broker dead-letters a task after its delivery limit: no reason from the adapter
    String again = Database.pendingRecord("UTC_TIMESTAMP(3) + INTERVAL 1 HOUR", 1);
    String spent = Database.pendingRecord("UTC_TIMESTAMP(3) + INTERVAL 1 HOUR", 3);
    try (Broker broker = new Broker()) {
      broker.send(Queues.TASKS_DEAD, again, task(again), false);
      broker.send(Queues.TASKS_DEAD, spent, task(spent), false);
    }
    await()
        .atMost(Deadline.forRendering(1, 24, 24, 32))
        .until(
            () -> "done".equals(Database.status(again)) && "failed".equals(Database.status(spent)));
    assertEquals("2", Database.text("SELECT attempts FROM fractal WHERE uuid = ?", again));
    assertTrue(
        Database.text("SELECT reason FROM fractal WHERE uuid = ?", spent)
            .contains("no worker could process the task"));
    Report.line(
        "dead-lettered by the broker",
        "2 tasks in "
            + Queues.TASKS_DEAD
            + " as after the delivery limit: the one with dispatches left sent again and done, the"
            + " one dispatched 3 times failed");
  }

  @Test
  void aTaskWhoseRequestorDiedIsDispatchedAgainAndGivenUpAfterMaxAttempts() {
    String stuck = Database.pendingRecord("UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE", 1);
    String hopeless = Database.pendingRecord("UTC_TIMESTAMP(3) - INTERVAL 1 MINUTE", 3);
    await()
        .atMost(SWEEP.plus(Deadline.forRendering(1, 24, 24, 32)))
        .until(
            () ->
                "done".equals(Database.status(stuck))
                    && "failed".equals(Database.status(hopeless)));
    assertEquals("2", Database.text("SELECT attempts FROM fractal WHERE uuid = ?", stuck));
    assertTrue(
        Database.text("SELECT reason FROM fractal WHERE uuid = ?", hopeless)
            .contains("no result after 3 attempt(s)"));
    Report.line(
        "requestor died",
        "2 orphaned tasks: 1 dispatched again and done, 1 failed after 3 attempts, 0 pending");
  }

  @Test
  void aDuplicateResultNeverOverwritesADoneRecord() throws Exception {
    String uuid = doneFractal();
    RMQDestination producerReplies = producerReplyQueue();
    JsonObject before = api.get("api/fractal/" + uuid).json();
    byte[] image = api.get("api/fractal/" + uuid + "/image").body();

    String barrier = Database.pendingRecord();
    try (Broker broker = new Broker()) {
      // the same task delivered twice: the worker renders and replies a second time
      broker.sendTo(Broker.queue(Queues.TASKS), uuid, task(uuid), producerReplies);
      // a forged result with other data for the same record
      ResultMessage forged =
          new ResultMessage(
              uuid,
              9.9,
              "0".repeat(64),
              3,
              "forger",
              0.1,
              0.2,
              1,
              new byte[] {1, 2, 3},
              new byte[] {4});
      broker.sendTo(producerReplies, uuid, MessageJson.toJson(forged), null);
      // then a task for another record through the same path: once it is done, the others were
      // handled
      broker.sendTo(Broker.queue(Queues.TASKS), barrier, task(barrier), producerReplies);
    }
    await()
        .atMost(Deadline.forRendering(3, 24, 24, 32))
        .until(() -> "done".equals(Database.status(barrier)));
    Services.sleep(1_000);
    JsonObject after = api.get("api/fractal/" + uuid).json();
    assertEquals(before.getString("checksum"), after.getString("checksum"));
    assertEquals(before.getString("generated_by"), after.getString("generated_by"));
    assertEquals(before.getString("updated_at"), after.getString("updated_at"));
    assertTrue(java.util.Arrays.equals(image, api.get("api/fractal/" + uuid + "/image").body()));
    Report.line(
        "duplicate", "1 done task delivered again + 1 forged result: record and image unchanged");
  }

  @Test
  void tasksSentBeforeDuringAndAfterABrokerRestartAllComplete() {
    acrossAnOutage(
        "broker stop_app/start_app",
        Duration.ofSeconds(3),
        () -> {
          Services.rabbitmqctl("stop_app");
          return () -> Services.rabbitmqctl("start_app");
        });
  }

  @Test
  void tasksSurviveAFullBrokerRestart() {
    // away for longer than the reply timeout (8 s) times the attempts (3): a task that cannot
    // leave for want of a reply queue must not spend its attempts meanwhile
    acrossAnOutage(
        "broker full restart, away 28 s",
        Duration.ofSeconds(28),
        () -> {
          PrivateServers.haltBroker();
          return PrivateServers::restartBroker;
        });
  }

  /**
   * Posts 5 tasks before, 5 during and 5 after an outage that lasts at least {@code away}; all 15
   * must complete.
   */
  private void acrossAnOutage(
      String scenario, Duration away, java.util.function.Supplier<Runnable> outage) {
    List<String> uuids = new ArrayList<>();
    post(uuids, 5);
    Runnable recovery = outage.get();
    try {
      post(uuids, 5);
      Services.sleep(away.toMillis());
    } finally {
      recovery.run();
    }
    post(uuids, 5);
    await()
        .atMost(RECONNECT.plus(Deadline.forRendering(uuids.size(), 24, 24, 32)))
        .until(() -> uuids.stream().allMatch(uuid -> "done".equals(Database.status(uuid))));
    Report.line(
        scenario,
        uuids.size() + " tasks (5 before, 5 during, 5 after): " + uuids.size() + " done, 0 lost");
  }

  @Test
  void whileTheDatabaseIsDownTheApiAnswers503AndNoResultIsLost() throws Exception {
    // killed, as a crash or a power cut stops it
    doneFractal();
    RMQDestination producerReplies = producerReplyQueue();
    String uuid = Database.pendingRecord();
    PrivateServers.killDatabase();
    try {
      await().atMost(Duration.ofSeconds(30)).until(() -> api.get("api/fractal").status() == 503);
      Api.Reply unavailable = api.get("api/fractal");
      assertEquals(503, unavailable.json().getInt("status"));
      assertTrue(unavailable.json().getString("message").contains("database"));
      assertEquals(
          "5", unavailable.header("Retry-After"), "a 503 for the database tells when to try again");
      try (Broker broker = new Broker()) {
        broker.sendTo(Broker.queue(Queues.TASKS), uuid, task(uuid), producerReplies);
      }
      Services.sleep(3_000);
    } finally {
      PrivateServers.restartDatabase();
    }
    await()
        .atMost(RECONNECT.plus(Deadline.forRendering(1, 24, 24, 32)))
        .until(() -> "done".equals(Database.status(uuid)));
    assertEquals(200, api.get("api/fractal").status());
    Report.line(
        "database killed and restarted",
        "1 result arrived while MariaDB was down: stored after the restart, 0 lost; API answered 503 meanwhile");
  }

  @Test
  void aStorageDirectoryThatTakesNoFilesFailsNoTask() throws Exception {
    // a read-only bind mount: root cannot write through it either
    Path storage = Path.of(System.getProperty("worker.storage.dir"));
    Services.run("mount", "--bind", storage.toString(), storage.toString());
    List<String> uuids = new ArrayList<>();
    try {
      Services.run("mount", "-o", "remount,ro,bind", storage.toString());
      post(uuids, 5);
      await()
          .atMost(Deadline.forRendering(uuids.size(), 24, 24, 32))
          .until(() -> uuids.stream().allMatch(uuid -> "done".equals(Database.status(uuid))));
      for (String uuid : uuids) {
        Api.Reply image = api.get("api/fractal/" + uuid + "/image");
        assertEquals(200, image.status());
        assertEquals(
            api.get("api/fractal/" + uuid).json().getString("checksum"),
            PipelineIT.sha256(image.body()));
      }
      assertEquals(0, files(storage), "files in a read-only directory");
      JsonObject readiness = api.readiness();
      assertEquals("UP", readiness.getString("status"), readiness.toString());
      String state = readiness.getJsonObject("data").getString("worker-storage");
      assertTrue(state.contains("not writable since"), state);
      assertTrue(state.contains("5 image file(s) kept in the database only"), state);
      assertEquals(0, api.metric("faafo_worker_storage_writable"));
      assertEquals(5, api.metric("faafo_worker_storage_files_not_written_total"));

    } finally {
      Services.run("umount", storage.toString());
    }
    List<String> after = new ArrayList<>();
    post(after, 1);
    await()
        .atMost(Deadline.forRendering(1, 24, 24, 32))
        .until(() -> "done".equals(Database.status(after.get(0))));
    assertEquals(1, files(storage));
    assertTrue(
        api.readiness().getJsonObject("data").getString("worker-storage").startsWith("writable"));
    assertEquals(1, api.metric("faafo_worker_storage_writable"));
    Report.line(
        "storage read-only",
        "5 tasks on a worker whose storage directory is a read-only mount: 5 done with their"
            + " images in the database, 0 lost, readiness data and metrics said so; writable"
            + " again, the next task's file was written");
  }

  /** A fractal posted and awaited: afterwards the producer has its reply queue. */
  private String doneFractal() {
    Api.Reply created = api.post("api/fractal", SMALL);
    assertEquals(201, created.status(), created.text());
    String uuid = created.json().getString("uuid");
    await()
        .atMost(Deadline.forRendering(1, 24, 24, 32))
        .until(() -> "done".equals(Database.status(uuid)));
    return uuid;
  }

  /**
   * The temporary queue on which the producer receives its replies (its reply bean's consumer made
   * it).
   */
  private static RMQDestination producerReplyQueue() {
    List<String> replyQueues = Services.temporaryQueues();
    assertEquals(1, replyQueues.size(), "the producer's reply queue: " + replyQueues);
    RMQDestination queue = new RMQDestination(replyQueues.get(0), true, true);
    queue.setDeclared(true);
    return queue;
  }

  private void post(List<String> uuids, int count) {
    for (int i = 0; i < count; i++) {
      Api.Reply created = api.post("api/fractal", SMALL);
      assertEquals(201, created.status(), created.text());
      uuids.add(created.json().getString("uuid"));
    }
  }

  private static long files(Path storage) throws IOException {
    try (Stream<Path> files = Files.list(storage)) {
      return files.filter(file -> file.toString().endsWith(".png")).count();
    }
  }
}
