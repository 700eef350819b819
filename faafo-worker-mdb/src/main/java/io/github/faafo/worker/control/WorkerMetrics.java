package io.github.faafo.worker.control;

import io.github.faafo.metrics.OptionalMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The worker's MicroProfile metrics (application scope, at {@code /metrics}): render time, tasks
 * that needed more than one delivery, and whether the storage directory takes image files. On
 * WildFly they go to its Micrometer registry ({@link OptionalMetrics}).
 */
@ApplicationScoped
public class WorkerMetrics {

  private static final Logger LOG = Logger.getLogger("faafo.worker");

  @Inject Instance<Object> beans;

  private Consumer<Duration> renderTime;
  private Runnable redelivered;
  private Runnable fileNotWritten;
  private OptionalMetrics registry;

  @PostConstruct
  void register() {
    registry = OptionalMetrics.of(() -> MetricRegistryHolder.registry(beans), beans);
    LOG.info("the worker's metrics are " + registry.describe());
    renderTime = registry.timer("faafo_render_time");
    redelivered = registry.counter("faafo_tasks_redelivered");
    fileNotWritten = registry.counter("faafo_worker_storage_files_not_written");
  }

  @PreDestroy
  void unregister() {
    registry.close();
  }

  /** Shows whether the storage directory takes image files: 1 yes, 0 no. */
  public void watchStorage(ImageFiles files) {
    registry.gauge("faafo_worker_storage_writable", files, f -> f.isWritable() ? 1 : 0);
  }

  /** Counts an image file the storage directory did not take. */
  public void fileNotWritten() {
    fileNotWritten.run();
  }

  /** Records one rendered task and how many deliveries it took. */
  public void rendered(double seconds, int delivery) {
    renderTime.accept(Duration.ofNanos((long) (seconds * 1e9)));
    if (delivery > 1) {
      redelivered.run();
    }
  }
}
