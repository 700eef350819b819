package io.github.faafo.messaging;

/** Asks the producer to send the pending fractal {@code uuid} to the workers. */
public record DispatchRequest(String uuid) {}
