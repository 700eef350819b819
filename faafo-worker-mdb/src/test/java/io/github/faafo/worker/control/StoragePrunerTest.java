package io.github.faafo.worker.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StoragePrunerTest {

  @TempDir Path directory;

  /** Ten image files of 100 bytes, the i-th modified i minutes after the first. */
  private List<Path> tenImages() throws Exception {
    List<Path> images = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      Path image = directory.resolve(UUID.randomUUID() + ".png");
      Files.write(image, new byte[100]);
      Files.setLastModifiedTime(image, FileTime.fromMillis(1_700_000_000_000L + i * 60_000L));
      images.add(image);
    }
    return images;
  }

  @Test
  void theOldestImagesGoUntilTheRestFitsTheBudget() throws Exception {
    List<Path> images = tenImages();
    StoragePruner.Pass pass = StoragePruner.prune(directory, 450);
    assertEquals(6, pass.deletedFiles());
    assertEquals(600, pass.deletedBytes());
    assertEquals(400, pass.leftBytes());
    for (int i = 0; i < 10; i++) {
      assertEquals(i >= 6, Files.exists(images.get(i)), "image " + i);
    }
  }

  @Test
  void otherFilesOfTheDirectoryAreNeverTouched() throws Exception {
    tenImages();
    Path foreign = Files.write(directory.resolve("notes.png"), new byte[10_000]);
    Path partial = Files.write(directory.resolve(UUID.randomUUID() + ".png123.part"), new byte[10]);
    StoragePruner.Pass pass = StoragePruner.prune(directory, 0);
    assertEquals(10, pass.deletedFiles());
    assertTrue(Files.exists(foreign));
    assertTrue(Files.exists(partial));
  }

  @Test
  void withinTheBudgetOrWithoutADirectoryNothingHappens() throws Exception {
    tenImages();
    StoragePruner.Pass pass = StoragePruner.prune(directory, 1_000);
    assertEquals(0, pass.deletedFiles());
    assertEquals(1_000, pass.leftBytes());
    assertFalse(Files.exists(directory.resolve("missing")));
    assertEquals(0, StoragePruner.prune(directory.resolve("missing"), 0).deletedFiles());
  }
}
