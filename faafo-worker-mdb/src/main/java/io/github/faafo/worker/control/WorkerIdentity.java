package io.github.faafo.worker.control;

import io.github.faafo.node.NodeName;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.Config;

/** The name this node puts in {@code generated_by} ({@link NodeName}), read once. */
@ApplicationScoped
public class WorkerIdentity {

  @Inject Config config;

  private String name;

  @PostConstruct
  void init() {
    name = NodeName.of(config);
  }

  public String name() {
    return name;
  }
}
