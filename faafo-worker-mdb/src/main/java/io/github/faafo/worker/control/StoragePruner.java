package io.github.faafo.worker.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Keeps this node's image files ({@code <uuid>.png} in {@code faafo.worker.storage-dir}, a second
 * copy of what the database holds) within a byte budget, oldest first; no other file of that
 * directory is ever touched, since it may be a shared one such as {@code /tmp}.
 */
public final class StoragePruner {

  private static final Pattern IMAGE =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.png");

  /** What one pass did: files and bytes deleted, bytes of image files left. */
  public record Pass(int deletedFiles, long deletedBytes, long leftBytes) {}

  private record Image(Path path, long size, long modified) {}

  private StoragePruner() {}

  /**
   * Deletes the oldest image files of {@code directory} until they take at most {@code maxBytes}.
   */
  public static Pass prune(Path directory, long maxBytes) {
    List<Image> images = images(directory);
    long total = images.stream().mapToLong(Image::size).sum();
    if (total <= maxBytes) {
      // within budget, as on most passes: no order needed (sorting 285,000 files took 1.5 s of CPU)
      return new Pass(0, 0, total);
    }
    images.sort(Comparator.comparingLong(Image::modified).thenComparing(i -> i.path().toString()));
    int deleted = 0;
    long freed = 0;
    for (Image image : images) {
      if (total - freed <= maxBytes) {
        break;
      }
      try {
        if (Files.deleteIfExists(image.path())) {
          deleted++;
          freed += image.size();
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot delete " + image.path() + ": " + e, e);
      }
    }
    return new Pass(deleted, freed, total - freed);
  }

  private static List<Image> images(Path directory) {
    List<Image> images = new ArrayList<>();
    if (!Files.isDirectory(directory)) {
      return images;
    }
    try (Stream<Path> files = Files.list(directory)) {
      files
          .filter(path -> IMAGE.matcher(path.getFileName().toString()).matches())
          .forEach(
              path -> {
                try {
                  BasicFileAttributes attributes =
                      Files.readAttributes(path, BasicFileAttributes.class);
                  if (attributes.isRegularFile()) {
                    images.add(
                        new Image(
                            path, attributes.size(), attributes.lastModifiedTime().toMillis()));
                  }
                } catch (NoSuchFileException gone) {
                  // deleted meanwhile
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + directory + ": " + e, e);
    }
    return images;
  }
}
