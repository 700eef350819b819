package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.json.JsonObject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;

/**
 * The pipeline end to end: timer → task queue → worker MDB through the resource adapter → reply on
 * the temporary queue → completed record, plus the faults a delivery can meet on the way.
 */
@ProducerTimer
class PipelineIT extends SystemIT {

  @Test
  void timerProducesFractalsThatCompleteWithTheirImage() throws Exception {
    Timestamp since = Timestamp.from(Instant.now());
    // one wake-up of the timer (2 s) with tasks of at most 96 × 96 × 64, see it-server.properties
    await()
        .atMost(Deadline.forRendering(2, 96, 96, 64).plusSeconds(2))
        .until(() -> Database.count("status = 'done' AND created_at >= ?", since) > 0);
    String uuid =
        Database.text(
            "SELECT uuid FROM fractal WHERE status = 'done' AND created_at >= ? LIMIT 1", since);
    JsonObject fractal = api.get("api/fractal/" + uuid).json();
    byte[] png = api.get("api/fractal/" + uuid + "/image").body();
    assertEquals(fractal.getString("checksum"), sha256(png));
    assertEquals(fractal.getJsonNumber("size").longValue(), png.length);
    assertFalse(fractal.getString("generated_by").isBlank());
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
    assertEquals(fractal.getInt("width"), image.getWidth());
    assertEquals(fractal.getInt("height"), image.getHeight());
  }

  /**
   * A node that still believes in a generation lease it has lost stores nothing: the test holds the
   * lease's row until the node's next batch waits on it, hands the lease to another node (a new
   * term, as after a partition), and the batch must then be dropped by its fence.
   */
  @Test
  void aBatchOfANodeWhoseLeaseWentToAnotherNodeIsFencedOffAndStoresNothing() throws Exception {
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Database.count("lease_term IS NOT NULL") > 0);
    double fencedBefore = api.metric("faafo_batches_fenced_total");
    long stolenTerm = -1;
    long generatedAtSteal = -1;
    for (int attempt = 1; attempt <= 5 && stolenTerm < 0; attempt++) {
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> api.metric("faafo_lease_generation_held") == 1);
      try (Connection thief = Database.connect()) {
        thief.setAutoCommit(false);
        long term =
            queryLong(
                thief, "SELECT term FROM producer_lease WHERE name = 'generation' FOR UPDATE");
        // the node's next batch waits on the row: its fence (the renewal may wait too)
        boolean batchWaits = waitsFor(() -> fenceStatementsWaiting() > 0, Duration.ofSeconds(8));
        if (!batchWaits) {
          thief.rollback(); // the node's belief ran out first (a slow batch); try once more
          continue;
        }
        generatedAtSteal = Database.count("lease_term IS NOT NULL");
        try (PreparedStatement steal =
            thief.prepareStatement(
                "UPDATE producer_lease SET holder = 'another-node/fence-test', term = term + 1,"
                    + " expires_at = UTC_TIMESTAMP(3) + INTERVAL 60 SECOND"
                    + " WHERE name = 'generation'")) {
          steal.executeUpdate();
        }
        thief.commit();
        stolenTerm = term + 1;
      }
    }
    assertTrue(stolenTerm > 0, "the node's batch never waited on the lease row in 5 tries");
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> api.metric("faafo_batches_fenced_total") >= fencedBefore + 1);
    assertEquals(
        generatedAtSteal,
        Database.count("lease_term IS NOT NULL"),
        "records generated while another node held the lease");
    // the lease given back: the node takes it under a term after the other node's
    Database.update(
        "UPDATE producer_lease SET expires_at = '1970-01-01 00:00:01' WHERE name = 'generation'");
    long nextTerm = stolenTerm + 1;
    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> Database.count("lease_term = ?", nextTerm) > 0);
    assertEquals(0, Database.count("lease_term = ?", stolenTerm), "records under the other's term");
  }

  private static long fenceStatementsWaiting() {
    return Long.parseLong(
        Database.text(
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST"
                + " WHERE INFO LIKE 'UPDATE producer_lease SET batches%'"));
  }

  private static boolean waitsFor(Callable<Boolean> condition, Duration atMost) {
    try {
      await().atMost(atMost).until(condition);
      return true;
    } catch (ConditionTimeoutException e) {
      return false;
    }
  }

  private static long queryLong(Connection c, String sql) throws SQLException {
    try (PreparedStatement statement = c.prepareStatement(sql);
        ResultSet rows = statement.executeQuery()) {
      rows.next();
      return rows.getLong(1);
    }
  }

  @Test
  void postedFractalWithConstantCompletesAndFollowsTheFormula() throws Exception {
    String uuid =
        api.created(
            "{\"width\":48,\"height\":32,\"iterations\":64,\"xa\":-1.5,\"xb\":1.5,"
                + "\"ya\":-1.0,\"yb\":1.0,\"cx\":-0.8,\"cy\":0.156}");
    await()
        .atMost(Deadline.forRendering(1, 48, 32, 64))
        .until(() -> "done".equals(api.get("api/fractal/" + uuid).json().getString("status")));
    JsonObject fractal = api.get("api/fractal/" + uuid).json();
    assertEquals(-0.8, fractal.getJsonNumber("cx").doubleValue());
    assertEquals(0.156, fractal.getJsonNumber("cy").doubleValue());
    Api.Reply image = api.get("api/fractal/" + uuid + "/image");
    assertEquals("image/png", image.contentType());
    BufferedImage pixels = ImageIO.read(new ByteArrayInputStream(image.body()));
    for (int y = 0; y < 32; y++) {
      for (int x = 0; x < 48; x++) {
        int expected = Julia.rgb(x, y, 48, 32, 64, -1.5, 1.5, -1.0, 1.0, -0.8, 0.156);
        assertEquals(expected, pixels.getRGB(x, y) & 0xFFFFFF, "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void aPostedFractalIsCreatedAsDispatchedAndHandedToTheProducerOfTheSameNode() {
    double handedOff = api.metric("faafo_tasks_handed_off_total");
    assertTrue(handedOff >= 0, "the producer shows faafo_tasks_handed_off_total");
    String uuid =
        api.created(
            "{\"width\":24,\"height\":24,\"iterations\":32,\"xa\":-1.5,\"xb\":1.5,"
                + "\"ya\":-1.0,\"yb\":1.0}");
    // the create's own transaction marked it dispatched: no dispatch message, no second transaction
    String attempts = "SELECT attempts FROM fractal WHERE uuid = ? AND dispatched_at IS NOT NULL";
    assertEquals("1", Database.text(attempts, uuid));
    await()
        .atMost(Deadline.forRendering(1, 24, 24, 32))
        .until(
            () -> "done".equals(Database.text("SELECT status FROM fractal WHERE uuid = ?", uuid)));
    assertEquals("1", Database.text(attempts, uuid), "sent once");
    assertTrue(api.metric("faafo_tasks_handed_off_total") >= handedOff + 1);
  }

  @Test
  void aBatchIsDispatchedInOneMessageTravelsAsABundleAndEachFractalGetsItsOwnImage()
      throws Exception {
    int size = 24;
    double bundles = api.metric("faafo_task_bundles_sent_total");
    StringBuilder batch = new StringBuilder("[");
    for (int i = 0; i < size; i++) {
      batch.append(i == 0 ? "" : ",");
      batch.append(
          "{\"width\":"
              + (16 + i)
              + ",\"height\":16,\"iterations\":32,\"xa\":-1.5,\"xb\":1.5,\"ya\":-1.0,"
              + "\"yb\":1.0,\"cx\":-0.8,\"cy\":0.156}");
    }
    Api.Reply created = api.post("api/fractal", batch.append("]").toString());
    assertEquals(201, created.status(), created.text());
    List<String> uuids =
        created.jsonArray().stream().map(record -> record.getString("uuid")).toList();
    assertEquals(size, uuids.size());
    await()
        .atMost(Deadline.forRendering(size, 40, 16, 32))
        .until(
            () ->
                uuids.stream()
                    .allMatch(
                        uuid ->
                            "done"
                                .equals(
                                    Database.text(
                                        "SELECT status FROM fractal WHERE uuid = ?", uuid))));
    for (int i = 0; i < size; i++) {
      JsonObject fractal = api.get("api/fractal/" + uuids.get(i)).json();
      assertEquals(16 + i, fractal.getInt("width"));
      byte[] png = api.get("api/fractal/" + uuids.get(i) + "/image").body();
      assertEquals(fractal.getString("checksum"), sha256(png));
      assertEquals(16 + i, ImageIO.read(new ByteArrayInputStream(png)).getWidth());
    }
    // 24 tiny tasks: one message to the workers (faafo.producer.bundle-max-tasks 32)
    assertTrue(api.metric("faafo_task_bundles_sent_total") >= bundles + 1);
  }

  @Test
  void workerRendersABundleAndRepliesWithAllItsResultsInOneMessage() throws Exception {
    List<TaskMessage> tasks =
        List.of(
            task(UUID.randomUUID().toString()),
            task(UUID.randomUUID().toString()),
            task(UUID.randomUUID().toString()));
    try (Broker broker = new Broker()) {
      List<CompletableFuture<ResultMessage>> replies = broker.requestBundle(tasks);
      for (int i = 0; i < tasks.size(); i++) {
        ResultMessage result =
            replies.get(i).get(Deadline.forRendering(3, 40, 30, 50).toSeconds(), TimeUnit.SECONDS);
        assertEquals(tasks.get(i).uuid(), result.uuid());
        assertEquals(sha256(result.png()), result.checksum());
        assertTrue(Files.exists(storage().resolve(result.uuid() + ".png")));
      }
      assertEquals(1, broker.replyMessages(), "the bundle's results come in one reply");
    }
  }

  @Test
  void workerRendersThroughTheAdapterAndRepliesOnTheTemporaryQueue() throws Exception {
    String uuid = UUID.randomUUID().toString();
    try (Broker broker = new Broker()) {
      ResultMessage result =
          broker
              .request(uuid, MessageJson.toJson(task(uuid)))
              .get(Deadline.forRendering(1, 40, 30, 50).toSeconds(), TimeUnit.SECONDS);
      assertEquals(uuid, result.uuid());
      assertEquals(sha256(result.png()), result.checksum());
      assertEquals(result.png().length, result.size());
      assertEquals(1, result.deliveries());
      assertFalse(result.generatedBy().isBlank());
      assertTrue(Files.exists(storage().resolve(uuid + ".png")));
    }
  }

  @Test
  void aTaskWhoseImageFileCannotBeWrittenStillCompletes() throws Exception {
    String uuid = UUID.randomUUID().toString();
    // a directory where the worker wants to write the PNG: the file copy cannot be made
    Path blocker = Files.createDirectories(storage().resolve(uuid + ".png").resolve("blocker"));
    try (Broker broker = new Broker()) {
      ResultMessage result =
          broker
              .request(uuid, MessageJson.toJson(task(uuid)))
              .get(Deadline.forRendering(1, 40, 30, 50).toSeconds(), TimeUnit.SECONDS);
      // the image travels in the reply (the database keeps it): no redelivery for the file copy
      assertEquals(1, result.deliveries());
      assertEquals(sha256(result.png()), result.checksum());
      assertTrue(Files.isDirectory(blocker.getParent()), "the blocker was replaced by a file");
    } finally {
      Files.delete(blocker);
      Files.delete(blocker.getParent());
    }
  }

  private static TaskMessage task(String uuid) {
    return new TaskMessage(
        uuid, new FractalParameters(40, 30, 50, -2.0, 2.0, -1.5, 1.5, null, null));
  }

  private static Path storage() {
    return Path.of(System.getProperty("worker.storage.dir"));
  }

  static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
