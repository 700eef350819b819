package io.github.faafo.messaging;

import io.github.faafo.fractal.control.FractalParameters;

/**
 * One fractal to render, as the producer sends it to the task queue (JSON text); {@code cx} and
 * {@code cy} are {@code null} when the worker should pick the Julia constant.
 */
public record TaskMessage(
    String uuid,
    Integer width,
    Integer height,
    Integer iterations,
    Double xa,
    Double xb,
    Double ya,
    Double yb,
    Double cx,
    Double cy)
    implements FractalParameters {}
