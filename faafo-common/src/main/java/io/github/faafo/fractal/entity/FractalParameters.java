package io.github.faafo.fractal.entity;

import jakarta.json.bind.annotation.JsonbCreator;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbVisibility;
import jakarta.json.bind.config.PropertyVisibilityStrategy;
import jakarta.persistence.Embeddable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Objects;

/**
 * The parameters of one Julia-set image, the one value that a create request, a task message and a
 * stored record share: a new parameter is added here (and shown by the API's view) and nowhere
 * else. Immutable; a JPA embeddable (JPA 3.1 takes no records as embeddables, so it is a class).
 * Fields may be null in a request that has not been validated yet.
 */
@Embeddable
@JsonbVisibility(FractalParameters.ByFields.class)
public class FractalParameters {

  private Integer width;
  private Integer height;
  private Integer iterations;
  private Double xa;
  private Double xb;
  private Double ya;
  private Double yb;
  private Double cx;
  private Double cy;

  /** For JPA only. */
  protected FractalParameters() {}

  @JsonbCreator
  public FractalParameters(
      @JsonbProperty("width") Integer width,
      @JsonbProperty("height") Integer height,
      @JsonbProperty("iterations") Integer iterations,
      @JsonbProperty("xa") Double xa,
      @JsonbProperty("xb") Double xb,
      @JsonbProperty("ya") Double ya,
      @JsonbProperty("yb") Double yb,
      @JsonbProperty("cx") Double cx,
      @JsonbProperty("cy") Double cy) {
    this.width = width;
    this.height = height;
    this.iterations = iterations;
    this.xa = xa;
    this.xb = xb;
    this.ya = ya;
    this.yb = yb;
    this.cx = cx;
    this.cy = cy;
  }

  /** The same image with the Julia constant {@code cx + cy·i} (the one a worker picked). */
  public FractalParameters withConstant(Double cx, Double cy) {
    return new FractalParameters(width, height, iterations, xa, xb, ya, yb, cx, cy);
  }

  /**
   * Whether these (stored) parameters are the image {@code wanted} asks for: the same size,
   * iterations and region, and the same constant when {@code wanted} names one.
   */
  public boolean satisfies(FractalParameters wanted) {
    return wanted.cx == null ? equals(wanted.withConstant(cx, cy)) : equals(wanted);
  }

  /**
   * The render's work at most, every pixel iterated to the limit: what {@code faafo.task.max-work}
   * bounds and what decides whether a task is small enough to travel in a bundle.
   */
  public long work() {
    return (long) width * height * iterations;
  }

  public Integer width() {
    return width;
  }

  public Integer height() {
    return height;
  }

  public Integer iterations() {
    return iterations;
  }

  public Double xa() {
    return xa;
  }

  public Double xb() {
    return xb;
  }

  public Double ya() {
    return ya;
  }

  public Double yb() {
    return yb;
  }

  /** Real part of the Julia constant, or {@code null} to let the worker pick one. */
  public Double cx() {
    return cx;
  }

  /** Imaginary part of the Julia constant, or {@code null} to let the worker pick one. */
  public Double cy() {
    return cy;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FractalParameters p
        && Objects.equals(width, p.width)
        && Objects.equals(height, p.height)
        && Objects.equals(iterations, p.iterations)
        && Objects.equals(xa, p.xa)
        && Objects.equals(xb, p.xb)
        && Objects.equals(ya, p.ya)
        && Objects.equals(yb, p.yb)
        && Objects.equals(cx, p.cx)
        && Objects.equals(cy, p.cy);
  }

  @Override
  public int hashCode() {
    return Objects.hash(width, height, iterations, xa, xb, ya, yb, cx, cy);
  }

  @Override
  public String toString() {
    return width
        + "×"
        + height
        + "×"
        + iterations
        + " over ["
        + xa
        + ", "
        + xb
        + "] × ["
        + ya
        + ", "
        + yb
        + "], c = "
        + cx
        + " + "
        + cy
        + "i";
  }

  /** JSON-B writes the fields, as the accessors are not named {@code get…}. */
  public static final class ByFields implements PropertyVisibilityStrategy {

    @Override
    public boolean isVisible(Field field) {
      return !Modifier.isStatic(field.getModifiers());
    }

    @Override
    public boolean isVisible(Method method) {
      return false;
    }
  }
}
