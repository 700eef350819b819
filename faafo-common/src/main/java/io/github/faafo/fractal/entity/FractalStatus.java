package io.github.faafo.fractal.entity;

/** Where a fractal is in its life: waiting for a worker, rendered, or given up on. */
public enum FractalStatus {
  PENDING,
  DONE,
  FAILED;

  /** The lower-case name used in JSON and in the database. */
  public String label() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
