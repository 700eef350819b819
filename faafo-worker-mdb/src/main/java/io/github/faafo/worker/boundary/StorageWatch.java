package io.github.faafo.worker.boundary;

import io.github.faafo.worker.control.StoragePruner;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Keeps this node's image files within {@code faafo.worker.storage-max-bytes}, checked every {@code
 * faafo.worker.storage-prune-seconds}: each worker node prunes its own directory.
 */
@Singleton
@Startup
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class StorageWatch {

  private static final Logger LOG = Logger.getLogger("faafo.worker");

  @Resource TimerService timers;

  @Inject
  @ConfigProperty(name = "faafo.worker.storage-dir")
  String storageDir;

  @Inject
  @ConfigProperty(name = "faafo.worker.storage-max-bytes")
  long maxBytes;

  @Inject
  @ConfigProperty(name = "faafo.worker.storage-prune-seconds")
  long intervalSeconds;

  @PostConstruct
  void schedule() {
    long interval = intervalSeconds * 1000;
    timers.createIntervalTimer(interval, interval, new TimerConfig("faafo storage", false));
  }

  @Timeout
  void prune() {
    try {
      StoragePruner.Pass pass = StoragePruner.prune(Path.of(storageDir), maxBytes);
      if (pass.deletedFiles() > 0) {
        LOG.info(
            () ->
                "storage: deleted the "
                    + pass.deletedFiles()
                    + " oldest image file(s), "
                    + pass.deletedBytes()
                    + " bytes, from "
                    + storageDir
                    + "; "
                    + pass.leftBytes()
                    + " bytes left (faafo.worker.storage-max-bytes "
                    + maxBytes
                    + ")");
      }
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "pruning {0} failed ({1}); next try in {2} s",
          new Object[] {storageDir, e.getMessage(), intervalSeconds});
    }
  }
}
