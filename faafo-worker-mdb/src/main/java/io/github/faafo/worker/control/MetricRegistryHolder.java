package io.github.faafo.worker.control;

import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import org.eclipse.microprofile.metrics.MetricRegistry;

/**
 * The application's metric registry, injected the way Payara provides it. On a server without
 * MicroProfile Metrics (WildFly 38) this class cannot be loaded, so CDI makes no bean of it and
 * {@link OptionalMetrics} never asks for it.
 */
@Dependent
class MetricRegistryHolder {

  @Inject MetricRegistry registry;
}
