package io.github.faafo.messaging;

import io.github.faafo.fractal.entity.Fractal;
import io.github.faafo.fractal.entity.FractalParameters;

/**
 * One fractal to render, as the producer sends it to the task queue: its record's uuid and its
 * parameters, whose {@code cx} and {@code cy} are {@code null} when the worker should pick the
 * Julia constant. On the queue it is one flat JSON object (see {@link TaskMessageJson}).
 */
public record TaskMessage(String uuid, FractalParameters parameters) {

  /** The task that renders {@code record} as it is stored. */
  public static TaskMessage of(Fractal record) {
    return new TaskMessage(record.getUuid(), record.parameters());
  }
}
