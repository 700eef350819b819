package io.github.faafo.fractal.control;

/** The parameters of one Julia-set image, shared by REST payloads and task messages. */
public interface FractalParameters {

  Integer width();

  Integer height();

  Integer iterations();

  Double xa();

  Double xb();

  Double ya();

  Double yb();

  /** Real part of the Julia constant, or {@code null} to let the worker pick one. */
  Double cx();

  /** Imaginary part of the Julia constant, or {@code null} to let the worker pick one. */
  Double cy();
}
