package io.github.faafo.fractal.control;

/** One reason why a fractal task is not acceptable, naming the offending field. */
public record Violation(String field, String message) {}
