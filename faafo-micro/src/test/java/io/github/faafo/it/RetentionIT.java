package io.github.faafo.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.control.KeptCount;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The retention policy with small limits: it deletes the oldest finished records beyond the age and
 * the count, with their images, and never a pending record, one the administrator changed, or one
 * younger than the reply timeout; ages are told in UTC, whatever the database server's own time
 * zone (five hours ahead of UTC here, where a record just made would otherwise look five hours
 * old).
 */
@DatabaseTimeZone("+05:00")
@ServerSettings({
  "faafo.retention.max-records=5",
  "faafo.producer.reply-timeout-seconds=600",
  "faafo.retention.max-age-days=30",
  "faafo.retention.batch=4",
  "faafo.retention.interval-seconds=1",
  "faafo.worker.storage-max-bytes=3000",
  "faafo.worker.storage-prune-seconds=1"
})
class RetentionIT extends SystemIT {

  @Test
  void theOldestFinishedRecordsGoBeyondTheLimitsAndNothingElse() {
    List<String> edited = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      // pending (so out of the policy's reach) until the administrator cancels it: then failed,
      // 40 days old and changed by the administrator
      String uuid = Database.pendingRecord();
      Database.update(
          "UPDATE fractal SET created_at = UTC_TIMESTAMP(3) - INTERVAL 40 DAY WHERE uuid = ?",
          uuid);
      Api.Reply cancelled =
          api.send(
              "PUT",
              "api/fractal/" + uuid,
              "application/json",
              "{\"status\":\"failed\"}",
              Api.admin());
      assertEquals(200, cancelled.status(), cancelled.text());
      edited.add(uuid);
    }
    // the records to go fill blocks of the database's kept count (KeptCount.BLOCK seq values
    // each) of their own, as if many records had been made between them: those blocks' counts
    // must go too
    List<String> ancient = insert(3, "done", "UTC_TIMESTAMP(3) - INTERVAL 40 DAY", KeptCount.BLOCK);
    List<String> hourOld =
        insert(10, "done", "UTC_TIMESTAMP(3) - INTERVAL 1 HOUR", 2 * KeptCount.BLOCK);
    List<String> pending = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      // on their way for an hour, created long ago: the sweep leaves them, retention must too
      String uuid = Database.pendingRecordAt(3 * KeptCount.BLOCK + i);
      Database.update(
          "UPDATE fractal SET created_at = UTC_TIMESTAMP(3) - INTERVAL 40 DAY WHERE uuid = ?",
          uuid);
      pending.add(uuid);
    }
    List<String> young = insert(3, "failed", "UTC_TIMESTAMP(3)", 3 * KeptCount.BLOCK + 5);
    image(ancient.get(0));
    image(young.get(2));
    // all arranged: the records inserted here are out of the policy's reach until now
    Database.update(
        "UPDATE fractal SET edited_at = NULL WHERE uuid NOT IN (?, ?)",
        edited.get(0),
        edited.get(1));

    // 23 records, limit 5: the 3 beyond 30 days go by age, the 10 an hour old by count; then the
    // limit is still passed, but what is left is pending, younger than the reply timeout (600 s)
    // or changed by the administrator
    await().atMost(Duration.ofSeconds(30)).until(() -> Database.count("1 = 1") == 10);
    for (String uuid : ancient) {
      assertEquals(0, Database.count("uuid = ?", uuid), "older than 30 days: " + uuid);
    }
    for (String uuid : hourOld) {
      assertEquals(0, Database.count("uuid = ?", uuid), "finished, beyond the limit: " + uuid);
    }
    for (String uuid : pending) {
      assertEquals(1, Database.count("uuid = ?", uuid), "pending: " + uuid);
    }
    for (String uuid : young) {
      assertEquals(1, Database.count("uuid = ?", uuid), "younger than the reply timeout");
    }
    for (String uuid : edited) {
      assertEquals(1, Database.count("uuid = ?", uuid), "changed by the administrator: " + uuid);
    }
    assertEquals(0, imageCount(ancient.get(0)), "the image went with its record");
    assertEquals(1, imageCount(young.get(2)));
    assertEquals(10, api.get("api/fractal").json().getInt("num_results"), "the kept count");
    assertEquals(
        "0,3",
        Database.text(
            "SELECT GROUP_CONCAT(DISTINCT block ORDER BY block) FROM fractal_block_count"),
        "the kept counts of the blocks the deleted records filled went with them");
    Report.line(
        "retention",
        "23 records (3 older than 30 days, 10 an hour old, 5 pending, 3 just made, 2 older than"
            + " 30 days changed by the administrator), limit 5: 13 deleted oldest first with their"
            + " images; the 5 pending, the 3 young and the 2 changed kept");
  }

  @Test
  void theWorkersImageFilesStayWithinTheirBudgetOldestFirst() throws Exception {
    Path storage = Path.of(System.getProperty("worker.storage.dir"));
    Files.createDirectories(storage);
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Path image = storage.resolve(UUID.randomUUID() + ".png");
      Files.write(image, new byte[1_000]);
      Files.setLastModifiedTime(image, FileTime.fromMillis(1_700_000_000_000L + i * 60_000L));
      images.add(image);
    }
    Path foreign = Files.write(storage.resolve("not-an-image.txt"), new byte[5_000]);
    // budget 3,000 bytes: the three newest images stay
    await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(images.get(6)));
    for (int i = 0; i < 10; i++) {
      assertEquals(i >= 7, Files.exists(images.get(i)), "image " + i);
    }
    assertTrue(Files.exists(foreign), "a file that is no image of ours is never deleted");
  }

  /**
   * {@code count} finished records made at {@code createdAt} (SQL), in this order; marked as
   * changed by the administrator, so that the policy leaves them alone until the test has arranged
   * all; their creation order ({@code seq}) runs from {@code firstSeq} on.
   */
  private static List<String> insert(int count, String status, String createdAt, long firstSeq) {
    List<String> uuids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String uuid = UUID.randomUUID().toString();
      Database.update(
          "INSERT INTO fractal (seq, uuid, width, height, iterations, xa, xb, ya, yb, status,"
              + " attempts, created_at, updated_at, edited_at) VALUES (?, ?, 24, 24, 32, -2, 2, -2,"
              + " 2, ?, 1, "
              + createdAt
              + ", UTC_TIMESTAMP(3), UTC_TIMESTAMP(3))",
          firstSeq + i,
          uuid,
          status);
      uuids.add(uuid);
    }
    return uuids;
  }

  private static void image(String uuid) {
    Database.update(
        "INSERT INTO fractal_image (uuid, png, thumbnail) VALUES (?, x'00', x'00')", uuid);
  }

  private static long imageCount(String uuid) {
    return Long.parseLong(Database.text("SELECT COUNT(*) FROM fractal_image WHERE uuid = ?", uuid));
  }
}
