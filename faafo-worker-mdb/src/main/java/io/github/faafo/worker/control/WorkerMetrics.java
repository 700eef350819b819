package io.github.faafo.worker.control;

import io.github.faafo.metrics.OptionalMetrics;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * The worker's MicroProfile metrics (application scope, at {@code /metrics}): render time, and
 * tasks that needed more than one delivery. On a server without MicroProfile Metrics (WildFly) they
 * are not kept.
 */
@ApplicationScoped
public class WorkerMetrics {

  private static final Logger LOG = Logger.getLogger("faafo.worker");

  @Inject Instance<Object> beans;

  private Consumer<Duration> renderTime;
  private Runnable redelivered;

  @PostConstruct
  void register() {
    OptionalMetrics registry = OptionalMetrics.of(() -> MetricRegistryHolder.registry(beans));
    if (!registry.present()) {
      LOG.info("no MicroProfile Metrics on this server: the worker's metrics are not kept");
    }
    renderTime = registry.timer("faafo_render_time");
    redelivered = registry.counter("faafo_tasks_redelivered");
  }

  /** Records one rendered task and how many deliveries it took. */
  public void rendered(double seconds, int delivery) {
    renderTime.accept(Duration.ofNanos((long) (seconds * 1e9)));
    if (delivery > 1) {
      redelivered.run();
    }
  }
}
