package io.github.faafo.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.fractal.entity.FractalParameters;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalDispatchTest {

  private static final List<TaskMessage> TASKS =
      List.of(
          new TaskMessage(
              "6f1c3e2a-0000-4000-8000-000000000001",
              new FractalParameters(16, 16, 32, -1.5, 1.5, -1.0, 1.0, null, null)));

  private final List<TaskMessage> taken = new ArrayList<>();
  private final Function<List<TaskMessage>, Boolean> producer = tasks -> taken.addAll(tasks);

  @AfterEach
  void closeIt() {
    LocalDispatch.close(producer);
  }

  @Test
  void withoutAProducerNothingIsTakenAndTheCallerIsTold() {
    assertFalse(LocalDispatch.isOpen());
    assertFalse(LocalDispatch.offer(TASKS));
  }

  @Test
  void anOpenProducerTakesTheTasks() {
    LocalDispatch.open(producer);
    assertTrue(LocalDispatch.isOpen());
    assertTrue(LocalDispatch.offer(TASKS));
    assertEquals(TASKS, taken);
  }

  @Test
  void aProducerThatCannotTakeThemNowMakesTheOfferFail() {
    Function<List<TaskMessage>, Boolean> busy = tasks -> false;
    LocalDispatch.open(busy);
    try {
      assertFalse(LocalDispatch.offer(TASKS));
    } finally {
      LocalDispatch.close(busy);
    }
  }

  @Test
  void aProducerThatStoppedCannotCloseItsSuccessor() {
    Function<List<TaskMessage>, Boolean> stopped = tasks -> true;
    LocalDispatch.open(stopped);
    LocalDispatch.open(producer);
    LocalDispatch.close(stopped);
    assertTrue(LocalDispatch.offer(TASKS));
    assertEquals(TASKS, taken);
    LocalDispatch.close(producer);
    assertFalse(LocalDispatch.isOpen());
  }
}
