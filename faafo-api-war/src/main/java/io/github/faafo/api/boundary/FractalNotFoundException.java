package io.github.faafo.api.boundary;

/** No fractal (or no image of it) under the requested id; mapped to 404. */
public class FractalNotFoundException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public FractalNotFoundException(String message) {
    super(message);
  }

  /** There is no fractal {@code uuid} at all. */
  public static FractalNotFoundException of(String uuid) {
    return new FractalNotFoundException("no fractal " + uuid);
  }
}
