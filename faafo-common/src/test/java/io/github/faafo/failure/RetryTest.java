package io.github.faafo.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RetryTest {

  @Test
  void anActionThatFailsTwiceSucceedsOnItsThirdTryAfterDoublingPauses() {
    AtomicInteger tries = new AtomicInteger();
    List<Long> pauses = new ArrayList<>();
    String result =
        new Retry(Duration.ofSeconds(10), 1, 3)
            .until(
                () -> {
                  if (tries.incrementAndGet() < 4) {
                    throw new IllegalStateException("not yet");
                  }
                  return "done";
                },
                (attempt, error, pause) -> pauses.add(pause));
    assertEquals("done", result);
    assertEquals(List.of(1L, 2L, 3L), pauses, "doubling, capped at 3 ms");
  }

  @Test
  void anActionThatNeverSucceedsGivesUpWithItsLastFailureWhenTheTimeIsUsedUp() {
    Retry.GaveUp gaveUp =
        assertThrows(
            Retry.GaveUp.class,
            () ->
                new Retry(Duration.ofMillis(30), 5, 5)
                    .until(
                        () -> {
                          throw new IllegalStateException("never");
                        },
                        (attempt, error, pause) -> {}));
    assertEquals("never", gaveUp.getCause().getMessage());
    assertTrue(gaveUp.attempts() >= 2, "tries: " + gaveUp.attempts());
    assertTrue(!gaveUp.interrupted());
  }

  @Test
  void anInterruptedThreadGivesUpAtOnceAndKeepsItsInterrupt() {
    Thread.currentThread().interrupt();
    try {
      Retry.GaveUp gaveUp =
          assertThrows(
              Retry.GaveUp.class,
              () ->
                  new Retry(Duration.ofMinutes(10), 1000, 1000)
                      .until(
                          () -> {
                            throw new IllegalStateException("down");
                          },
                          (attempt, error, pause) -> {}));
      assertEquals(1, gaveUp.attempts());
      assertTrue(gaveUp.interrupted());
      assertTrue(Thread.currentThread().isInterrupted());
    } finally {
      Thread.interrupted();
    }
  }
}
