package io.github.faafo.failure;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class CauseChainTest {

  @Test
  void aCauseIsFoundHoweverDeepItIsWrapped() {
    SQLException sql = new SQLException("gone", "08S01", 1047);
    Throwable wrapped = new IllegalStateException("outer", new RuntimeException("middle", sql));
    assertTrue(
        CauseChain.any(wrapped, t -> t instanceof SQLException s && s.getErrorCode() == 1047));
    assertFalse(CauseChain.any(wrapped, IOException.class::isInstance));
    assertSame(sql, CauseChain.root(wrapped));
    assertEquals("SQLException: gone", CauseChain.rootMessage(wrapped));
  }

  @Test
  void aChainThatLoopsBackEnds() {
    RuntimeException first = new RuntimeException("first");
    RuntimeException second = new RuntimeException("second", first);
    first.initCause(second);
    assertFalse(CauseChain.any(first, IOException.class::isInstance));
    assertTrue(CauseChain.root(first) == first || CauseChain.root(first) == second);
  }

  @Test
  void anExceptionWithoutCauseIsItsOwnRoot() {
    IOException alone = new IOException("alone");
    assertSame(alone, CauseChain.root(alone));
    assertTrue(CauseChain.any(alone, IOException.class::isInstance));
  }
}
