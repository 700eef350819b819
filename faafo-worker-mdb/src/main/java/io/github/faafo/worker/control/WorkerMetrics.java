package io.github.faafo.worker.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.Timer;

/**
 * The worker's MicroProfile metrics (application scope, at {@code /metrics}): render time, and
 * tasks that needed more than one delivery.
 */
@ApplicationScoped
public class WorkerMetrics {

  @Inject MetricRegistry registry;

  private Timer renderTime;
  private Counter redelivered;

  @PostConstruct
  void register() {
    renderTime = registry.timer("faafo_render_time");
    redelivered = registry.counter("faafo_tasks_redelivered");
  }

  /** Records one rendered task and how many deliveries it took. */
  public void rendered(double seconds, int delivery) {
    renderTime.update(Duration.ofNanos((long) (seconds * 1e9)));
    if (delivery > 1) {
      redelivered.inc();
    }
  }
}
