package io.github.faafo.api.boundary;

import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Alive while the JVM has heap to work with: DOWN above 98% of the maximum heap in use. */
@Liveness
@ApplicationScoped
public class JvmLiveness implements HealthCheck {

  @Override
  public HealthCheckResponse call() {
    MemoryUsage heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage();
    long max = heap.getMax() > 0 ? heap.getMax() : heap.getCommitted();
    double used = (double) heap.getUsed() / max;
    return HealthCheckResponse.named("jvm")
        .status(used < 0.98)
        .withData("heap-used-percent", Math.round(used * 100))
        .build();
  }
}
