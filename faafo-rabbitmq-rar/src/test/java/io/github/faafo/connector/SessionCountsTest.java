package io.github.faafo.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class SessionCountsTest {

  @Test
  void readsCountsPerQueueIgnoringSpaces() {
    SessionCounts counts = SessionCounts.parse(" faafo.tasks = 8, faafo.dispatch=2 ");

    assertEquals(Optional.of(8), counts.forQueue("faafo.tasks"));
    assertEquals(Optional.of(2), counts.forQueue("faafo.dispatch"));
    assertTrue(counts.forQueue("faafo.tasks.dead").isEmpty());
  }

  @Test
  void semicolonsSeparateEntriesToo() {
    SessionCounts counts = SessionCounts.parse("faafo.tasks=8;faafo.dispatch=2");

    assertEquals(Optional.of(8), counts.forQueue("faafo.tasks"));
    assertEquals(Optional.of(2), counts.forQueue("faafo.dispatch"));
  }

  @Test
  void blankOverridesNothing() {
    assertTrue(SessionCounts.parse("").forQueue("faafo.tasks").isEmpty());
    assertTrue(SessionCounts.parse(null).forQueue("faafo.tasks").isEmpty());
  }

  @Test
  void refusesWhatIsNotQueueEqualsPositiveCount() {
    for (String bad :
        new String[] {"faafo.tasks", "=3", "faafo.tasks=0", "faafo.tasks=x", "a=1,a=2"}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> SessionCounts.parse(bad), bad);
      assertTrue(e.getMessage().contains("sessions"), e.getMessage());
    }
  }
}
