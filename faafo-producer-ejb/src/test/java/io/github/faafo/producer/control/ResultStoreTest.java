package io.github.faafo.producer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.faafo.messaging.ResultMessage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ResultStoreTest {

  private static final ResultMessage RESULT =
      new ResultMessage(
          "u", 0.5, "ab", 3, "node-1", -0.8, 0.156, 1, new byte[] {1}, new byte[] {2});

  /** Records whose database is away: every call fails, and each is counted. */
  private static final class AwayRecords extends FractalRecords {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Outcome complete(ResultMessage result) {
      calls.incrementAndGet();
      throw new IllegalStateException("Communications link failure");
    }

    @Override
    public List<Outcome> completeAll(List<ResultMessage> results) {
      calls.incrementAndGet();
      throw new IllegalStateException("Communications link failure");
    }
  }

  private static ResultStore storeOver(FractalRecords records) {
    ResultStore store = new ResultStore();
    store.records = records;
    store.retrySeconds = 600;
    return store;
  }

  @Test
  void anInterruptedStoreGivesUpAtOnceInsteadOfSpinningThroughItsRetryTime() {
    AwayRecords records = new AwayRecords();
    ResultStore store = storeOver(records);
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          Thread.currentThread().interrupt();
          try {
            store.store(RESULT);
          } finally {
            Thread.interrupted();
          }
        });
    assertTrue(records.calls.get() <= 2, "attempts after the interrupt: " + records.calls.get());
  }

  @Test
  void aBatchThatCannotBeStoredIsStoredOneByOne() {
    AwayRecords records = new AwayRecords();
    ResultStore store = storeOver(records);
    Thread.currentThread().interrupt();
    try {
      store.storeAll(List.of(RESULT, RESULT));
    } finally {
      Thread.interrupted();
    }
    // one batch attempt, then each result on its own (each giving up at once: interrupted)
    assertEquals(3, records.calls.get());
  }
}
