package io.github.faafo.worker.control;

import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The application's metric registry, injected the way Payara provides it. On a server without
 * MicroProfile Metrics (WildFly 38) CDI cannot load it and makes no bean of it, and {@link
 * io.github.faafo.metrics.OptionalMetrics} never asks for it.
 */
@Dependent
class MetricRegistryHolder {

  @Inject MetricRegistry registry;

  /** The registry of this module's holder bean, or null when there is none. */
  static Object registry(Instance<Object> beans) {
    Instance<MetricRegistryHolder> holders = beans.select(MetricRegistryHolder.class);
    return holders.isResolvable() ? holders.get().registry : null;
  }
}
