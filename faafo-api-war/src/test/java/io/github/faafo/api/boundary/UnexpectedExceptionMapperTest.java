package io.github.faafo.api.boundary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.resource.spi.ResourceAllocationException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.Test;

class UnexpectedExceptionMapperTest {

  @Test
  void aDatabaseOutageIsKnownByItsTypesAndSqlStatesWhereverItIsWrapped() {
    assertTrue(
        UnexpectedExceptionMapper.isDatabaseOutage(
            new IllegalStateException("x", new SQLException("gone", "08S01"))));
    assertTrue(
        UnexpectedExceptionMapper.isDatabaseOutage(
            new RuntimeException(new SQLRecoverableException("link down"))));
    assertTrue(
        UnexpectedExceptionMapper.isDatabaseOutage(
            new SQLException("pool", new ResourceAllocationException("no connection"))));
    assertTrue(
        UnexpectedExceptionMapper.isDatabaseOutage(new RuntimeException(new ConnectException())));
  }

  @Test
  void aMessageThatMerelyReadsLikeAnOutageIsNone() {
    assertFalse(
        UnexpectedExceptionMapper.isDatabaseOutage(
            new IllegalArgumentException("Communications link failure")));
    assertFalse(
        UnexpectedExceptionMapper.isDatabaseOutage(
            new IllegalStateException("Connection could not be allocated")));
    assertFalse(UnexpectedExceptionMapper.isDatabaseOutage(new SQLException("syntax", "42000")));
  }

  @Test
  void aFullDatabaseIsKnownByMySqlsErrorCodesWhereverItIsWrapped() {
    assertTrue(
        UnexpectedExceptionMapper.isDatabaseFull(
            new IllegalStateException(
                "x", new SQLException("The table 'fractal' is full", "HY000", 1114))));
    assertTrue(
        UnexpectedExceptionMapper.isDatabaseFull(new SQLException("disk full", "HY000", 1021)));
    assertFalse(
        UnexpectedExceptionMapper.isDatabaseFull(new SQLException("duplicate", "23000", 1062)));
    assertFalse(UnexpectedExceptionMapper.isDatabaseFull(new IllegalStateException("is full")));
  }

  @Test
  void aGaleraNodeOutsideThePrimaryComponentIsKnownByItsErrorCode() {
    SQLException notPrimary =
        new SQLException("WSREP has not yet prepared node for application use", "08S01", 1047);
    assertTrue(
        UnexpectedExceptionMapper.isOutsidePrimaryComponent(
            new IllegalStateException("x", notPrimary)));
    assertFalse(
        UnexpectedExceptionMapper.isOutsidePrimaryComponent(new SQLException("gone", "08S01")));
  }

  @Test
  void aTransactionAbortedInAConflictIsKnownByItsTypeCodeOrState() {
    assertTrue(
        UnexpectedExceptionMapper.isConflictAbort(
            new IllegalStateException(
                "x", new SQLException("Deadlock found when trying to get lock", "40001", 1213))));
    assertTrue(
        UnexpectedExceptionMapper.isConflictAbort(
            new RuntimeException(new SQLTransactionRollbackException("rolled back"))));
    assertTrue(
        UnexpectedExceptionMapper.isConflictAbort(
            new SQLException("Lock wait timeout exceeded", "HY000", 1205)));
    assertFalse(
        UnexpectedExceptionMapper.isConflictAbort(new SQLException("duplicate", "23000", 1062)));
  }
}
