package io.github.faafo.fractal.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.entity.FractalParameters;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskValidatorTest {

  private final TaskValidator validator = new TaskValidator(TaskLimits.defaults());

  private static FractalParameters task(
      Integer width, Integer iterations, Double xa, Double xb, Double cx, Double cy) {
    return new FractalParameters(width, 64, iterations, xa, xb, -1.0, 1.0, cx, cy);
  }

  private List<String> fields(FractalParameters task) {
    return validator.validate(task).stream().map(Violation::field).toList();
  }

  @Test
  void acceptsTheOriginalsRanges() {
    assertTrue(validator.validate(task(1024, 512, -4.0, 4.0, null, null)).isEmpty());
    assertTrue(validator.validate(task(256, 128, -1.0, 1.0, -0.8, 0.156)).isEmpty());
  }

  @Test
  void namesEachBadField() {
    assertEquals(List.of("width"), fields(task(null, 100, -1.0, 1.0, null, null)));
    assertEquals(List.of("width"), fields(task(1, 100, -1.0, 1.0, null, null)));
    assertEquals(List.of("width"), fields(task(4097, 100, -1.0, 1.0, null, null)));
    assertEquals(List.of("iterations"), fields(task(64, 0, -1.0, 1.0, null, null)));
    assertEquals(List.of("xa"), fields(task(64, 100, 1.0, 1.0, null, null)));
    assertEquals(List.of("xa"), fields(task(64, 100, Double.NEGATIVE_INFINITY, 1.0, null, null)));
    assertEquals(List.of("xb"), fields(task(64, 100, -1.0, Double.NaN, null, null)));
    assertEquals(List.of("cy"), fields(task(64, 100, -1.0, 1.0, 0.3, null)));
    assertEquals(List.of("cx"), fields(task(64, 100, -1.0, 1.0, 2.5, 0.1)));
  }

  @Test
  void refusesWorkBeyondTheBudget() {
    TaskValidator small = new TaskValidator(new TaskLimits(2, 4096, 10_000, 1_000_000, 1000, 2));
    assertEquals(
        List.of("iterations"),
        small.validate(task(1000, 100, -1.0, 1.0, null, null)).stream()
            .map(Violation::field)
            .toList());
    assertTrue(small.validate(task(100, 100, -1.0, 1.0, null, null)).isEmpty());
  }

  @Test
  void needsTwelveIterationsToPickAConstant() {
    assertEquals(List.of("iterations"), fields(task(64, 11, -1.0, 1.0, null, null)));
    assertTrue(validator.validate(task(64, 12, -1.0, 1.0, null, null)).isEmpty());
    assertTrue(validator.validate(task(64, 1, -1.0, 1.0, -0.8, 0.156)).isEmpty());
  }

  @Test
  void knowsCanonicalUuids() {
    assertTrue(TaskValidator.isCanonicalUuid("3f2b9a3e-0c1d-4a5b-8c7d-9e0f1a2b3c4d"));
    assertFalse(TaskValidator.isCanonicalUuid("3F2B9A3E-0C1D-4A5B-8C7D-9E0F1A2B3C4D"));
    assertFalse(TaskValidator.isCanonicalUuid("../../etc/passwd"));
    assertFalse(TaskValidator.isCanonicalUuid(null));
  }
}
