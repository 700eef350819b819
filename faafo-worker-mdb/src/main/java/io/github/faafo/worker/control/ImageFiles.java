package io.github.faafo.worker.control;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.ObjectName;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The worker's secondary copy of each image, {@code <uuid>.png} in {@code
 * faafo.worker.storage-dir}: the record's image in the database is the one that counts, so a
 * directory that takes no more files (full, read-only) never fails a task. It is a defined fault
 * instead: a warning at most once a minute, and its state in JMX ({@code
 * io.github.faafo:type=WorkerStorage}), in the metrics and in the API's readiness data.
 */
@ApplicationScoped
public class ImageFiles implements ImageFilesStatusMXBean {

  /** The name the state is registered under in the platform MBean server. */
  public static final String MBEAN_NAME = "io.github.faafo:type=WorkerStorage";

  private static final Logger LOG = Logger.getLogger("faafo.worker");

  private static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

  @Inject
  @ConfigProperty(name = "faafo.worker.storage-dir")
  String storageDir;

  @Inject WorkerMetrics metrics;

  private ObjectName mbeanName;

  // guarded by this
  private long filesNotWritten;
  private String lastFailure = "";
  private Instant failingSince;
  private Instant lastWarning;

  /** Made at startup, so that the state is there before the first task. */
  void startup(@Observes @Initialized(ApplicationScoped.class) Object event) {
    // the observer only makes CDI create this bean now
  }

  @PostConstruct
  void register() {
    metrics.watchStorage(this);
    try {
      mbeanName = new ObjectName(MBEAN_NAME);
      ManagementFactory.getPlatformMBeanServer().registerMBean(this, mbeanName);
    } catch (JMException e) {
      LOG.warning("cannot register the storage state MBean (" + e.getMessage() + ")");
      mbeanName = null;
    }
  }

  @PreDestroy
  void unregister() {
    if (mbeanName != null) {
      try {
        ManagementFactory.getPlatformMBeanServer().unregisterMBean(mbeanName);
      } catch (JMException e) {
        LOG.fine(() -> "unregistering " + mbeanName + " failed: " + e);
      }
    }
  }

  /**
   * Writes the PNG next to its final name and moves it there, so no reader sees half a file.
   *
   * @return the file, or empty when the directory did not take it (logged and counted)
   */
  public Optional<Path> keep(String uuid, byte[] png) {
    Path dir = Path.of(storageDir);
    try {
      Files.createDirectories(dir);
      Path target = dir.resolve(uuid + ".png");
      Path partial = Files.createTempFile(dir, uuid, ".part");
      try {
        Files.write(partial, png);
        Files.move(
            partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } finally {
        Files.deleteIfExists(partial);
      }
      written();
      return Optional.of(target);
    } catch (IOException e) {
      notWritten(e);
      return Optional.empty();
    }
  }

  private synchronized void written() {
    if (failingSince != null) {
      long missed = filesNotWritten;
      LOG.info(
          () ->
              "storage: "
                  + storageDir
                  + " takes image files again; "
                  + missed
                  + " were not written meanwhile (their images are in the database)");
      failingSince = null;
      filesNotWritten = 0;
      lastFailure = "";
      lastWarning = null;
    }
  }

  private synchronized void notWritten(IOException e) {
    Instant now = Instant.now();
    if (failingSince == null) {
      failingSince = now;
    }
    filesNotWritten++;
    lastFailure = e.getClass().getSimpleName() + ": " + e.getMessage();
    metrics.fileNotWritten();
    if (lastWarning == null
        || Duration.between(lastWarning, now).compareTo(WARNING_INTERVAL) >= 0) {
      lastWarning = now;
      LOG.warning(
          "storage: cannot write image files to "
              + storageDir
              + " ("
              + lastFailure
              + "); tasks still complete with their image in the database; "
              + filesNotWritten
              + " file(s) not written since "
              + failingSince
              + " (this warning repeats at most once a minute)");
    }
  }

  @Override
  public String getDirectory() {
    return storageDir;
  }

  @Override
  public synchronized boolean isWritable() {
    return failingSince == null;
  }

  @Override
  public synchronized long getFilesNotWritten() {
    return filesNotWritten;
  }

  @Override
  public synchronized String getLastFailure() {
    return lastFailure;
  }

  @Override
  public synchronized String getFailingSince() {
    return failingSince == null ? "" : failingSince.toString();
  }
}
