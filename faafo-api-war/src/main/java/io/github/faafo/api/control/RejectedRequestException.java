package io.github.faafo.api.control;

import io.github.faafo.fractal.control.Violation;
import java.util.List;

/**
 * A request the catalog refuses after looking at the stored fractals, with the fields that are
 * wrong; each subclass is one reason, which the API answers with its own status.
 */
public abstract class RejectedRequestException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> violations;

  protected RejectedRequestException(String message, List<Violation> violations) {
    super(message);
    this.violations = List.copyOf(violations);
  }

  public List<Violation> violations() {
    return violations;
  }
}
