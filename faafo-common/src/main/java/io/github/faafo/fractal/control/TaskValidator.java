package io.github.faafo.fractal.control;

import io.github.faafo.fractal.entity.FractalParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Checks fractal parameters against {@link TaskLimits}; the API calls it before storing a request
 * and each worker before rendering a task, so both reject the same things.
 */
public final class TaskValidator {

  private static final Pattern CANONICAL_UUID =
      Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  /**
   * The fewest iterations with which the worker can pick a Julia constant: one whose escape count
   * lies strictly between 10 and 100, so the loop must be able to count to 11.
   */
  public static final int MIN_ITERATIONS_TO_PICK_CONSTANT = 12;

  private final TaskLimits limits;

  public TaskValidator(TaskLimits limits) {
    this.limits = limits;
  }

  public TaskLimits limits() {
    return limits;
  }

  /** True when {@code text} is a UUID in canonical lower-case form, the only form we store. */
  public static boolean isCanonicalUuid(String text) {
    if (text == null || !CANONICAL_UUID.matcher(text).matches()) {
      return false;
    }
    return UUID.fromString(text).toString().equals(text);
  }

  /** Every violation found; an empty list means the parameters can be rendered. */
  public List<Violation> validate(FractalParameters p) {
    List<Violation> violations = new ArrayList<>();
    checkSize("width", p.width(), violations);
    checkSize("height", p.height(), violations);
    if (p.iterations() == null) {
      violations.add(new Violation("iterations", "is required"));
    } else if (p.iterations() < 1 || p.iterations() > limits.maxIterations()) {
      violations.add(
          new Violation("iterations", "must be between 1 and " + limits.maxIterations()));
    }
    boolean xOk = checkCoordinate("xa", p.xa(), violations);
    xOk &= checkCoordinate("xb", p.xb(), violations);
    boolean yOk = checkCoordinate("ya", p.ya(), violations);
    yOk &= checkCoordinate("yb", p.yb(), violations);
    if (xOk && p.xa() >= p.xb()) {
      violations.add(new Violation("xa", "must be less than xb"));
    }
    if (yOk && p.ya() >= p.yb()) {
      violations.add(new Violation("ya", "must be less than yb"));
    }
    checkConstant(p, violations);
    if (violations.isEmpty()
        && p.cx() == null
        && p.iterations() < MIN_ITERATIONS_TO_PICK_CONSTANT) {
      violations.add(
          new Violation(
              "iterations",
              "must be at least "
                  + MIN_ITERATIONS_TO_PICK_CONSTANT
                  + " without cx and cy: the worker picks a constant whose escape count lies"
                  + " between 10 and 100"));
    }
    if (violations.isEmpty()) {
      long work = p.work();
      if (work > limits.maxWork()) {
        violations.add(
            new Violation(
                "iterations",
                "width × height × iterations is "
                    + work
                    + ", more than the budget of "
                    + limits.maxWork()));
      }
    }
    return violations;
  }

  private void checkSize(String field, Integer value, List<Violation> violations) {
    if (value == null) {
      violations.add(new Violation(field, "is required"));
    } else if (value < limits.minSize() || value > limits.maxSize()) {
      violations.add(
          new Violation(field, "must be between " + limits.minSize() + " and " + limits.maxSize()));
    }
  }

  private boolean checkCoordinate(String field, Double value, List<Violation> violations) {
    if (value == null) {
      violations.add(new Violation(field, "is required"));
      return false;
    }
    if (!Double.isFinite(value) || Math.abs(value) > limits.maxCoordinate()) {
      violations.add(
          new Violation(
              field,
              "must be a finite number between -"
                  + limits.maxCoordinate()
                  + " and "
                  + limits.maxCoordinate()));
      return false;
    }
    return true;
  }

  private void checkConstant(FractalParameters p, List<Violation> violations) {
    if ((p.cx() == null) != (p.cy() == null)) {
      String missing = p.cx() == null ? "cx" : "cy";
      violations.add(new Violation(missing, "cx and cy must be given together or not at all"));
      return;
    }
    checkConstantPart("cx", p.cx(), violations);
    checkConstantPart("cy", p.cy(), violations);
  }

  private void checkConstantPart(String field, Double value, List<Violation> violations) {
    if (value != null && (!Double.isFinite(value) || Math.abs(value) > limits.maxConstant())) {
      violations.add(
          new Violation(
              field,
              "must be a finite number between -"
                  + limits.maxConstant()
                  + " and "
                  + limits.maxConstant()));
    }
  }
}
